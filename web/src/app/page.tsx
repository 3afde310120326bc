"use client";
/** The landing page: what Fondation does, and the way in. */
import Link from "next/link";
import { useAppConfig } from "@/components/AppConfig.tsx";
import { useSession } from "@/components/auth/session.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";

export default function LandingPage() {
  const { t } = useI18n();
  const { authMode } = useAppConfig();
  const session = useSession();
  return (
    <div className="landing">
      <h1>{t("landing.title")}</h1>
      <p className="lead">{t("landing.lead")}</p>
      <ol className="landing-points">
        <li>{t("landing.point1")}</li>
        <li>{t("landing.point2")}</li>
        <li>{t("landing.point3")}</li>
      </ol>
      {authMode === "unconfigured" ? (
        <p className="notice">{t("landing.unconfigured")}</p>
      ) : session.isSignedIn ? (
        <Link href="/dashboard" className="button button-large">
          {t("nav.dashboard")}
        </Link>
      ) : (
        <Link href="/sign-in" className="button button-large">
          {authMode === "local" ? t("landing.ctaLocal") : t("landing.cta")}
        </Link>
      )}
    </div>
  );
}
