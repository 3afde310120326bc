"use client";
/**
 * Sign-in: Clerk (GitHub) in a real deployment, a name form in local mode. Either way the
 * person lands where they were going (`redirect_url`, checked to be a path of this site),
 * or on the dashboard.
 */
import { SignIn } from "@clerk/nextjs";
import { useSearchParams } from "next/navigation";
import { useAppConfig } from "@/components/AppConfig.tsx";
import { LocalSignInForm } from "@/components/auth/LocalSignInForm.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";
import { afterSignIn, REDIRECT_PARAM } from "@/lib/redirect.ts";

export default function SignInPage() {
  const { t } = useI18n();
  const { authMode } = useAppConfig();
  const target = afterSignIn(useSearchParams().get(REDIRECT_PARAM));
  return (
    <div className="narrow">
      <h1>{t("signIn.title")}</h1>
      {authMode === "clerk" ? (
        <SignIn
          routing="path"
          path="/sign-in"
          forceRedirectUrl={target}
          signUpForceRedirectUrl={target}
        />
      ) : authMode === "local" ? (
        <LocalSignInForm redirectTo={target} />
      ) : (
        <p className="notice">{t("landing.unconfigured")}</p>
      )}
    </div>
  );
}
