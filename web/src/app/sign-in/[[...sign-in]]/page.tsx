"use client";
/** Sign-in: Clerk (GitHub) in a real deployment, a name form in local mode. */
import { SignIn } from "@clerk/nextjs";
import { useAppConfig } from "@/components/AppConfig.tsx";
import { LocalSignInForm } from "@/components/auth/LocalSignInForm.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";

export default function SignInPage() {
  const { t } = useI18n();
  const { authMode } = useAppConfig();
  return (
    <div className="narrow">
      <h1>{t("signIn.title")}</h1>
      {authMode === "clerk" ? (
        <SignIn routing="path" path="/sign-in" forceRedirectUrl="/dashboard" />
      ) : authMode === "local" ? (
        <LocalSignInForm />
      ) : (
        <p className="notice">{t("landing.unconfigured")}</p>
      )}
    </div>
  );
}
