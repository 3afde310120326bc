"use client";
/**
 * What a missing page says, in the app's design: a title, why, and a way back (the
 * dashboard when signed in, else the home page). Used by app/not-found.tsx, app/error.tsx
 * and the ErrorBoundary when a query answers not_found (no "Try again": it cannot help).
 */
import Link from "next/link";
import { useI18n } from "@/lib/i18n/context.tsx";
import { useSession } from "../auth/session.tsx";
import "./errorPages.css";

export function HomeLinks() {
  const { t } = useI18n();
  const session = useSession();
  return (
    <p className="error-page-links">
      {session.isSignedIn ? (
        <Link href="/dashboard" className="button">
          {t("notFound.dashboard")}
        </Link>
      ) : (
        <Link href="/" className="button">
          {t("notFound.home")}
        </Link>
      )}
    </p>
  );
}

/** A whole page: a missing route, or an id that names nothing. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section className="error-page" aria-labelledby="not-found-title">
      <p className="error-page-code" aria-hidden="true">
        404
      </p>
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <HomeLinks />
    </section>
  );
}

/** Inside a page (an ErrorBoundary): what was asked for is not there for this reader. */
export function NotFoundNotice({ message }: { message: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      <HomeLinks />
    </div>
  );
}
