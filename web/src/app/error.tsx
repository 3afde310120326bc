"use client";
/**
 * A page that threw while rendering (inside the root layout, so header and language stay):
 * a missing thing says so with a way home; anything else says what failed, with Try again.
 */
import { HomeLinks, NotFoundPage } from "@/components/errors/NotFoundContent.tsx";
import { errorMessage, isNotFoundError } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

export default function ErrorPage({ error, reset }: { error: Error; reset: () => void }) {
  const { t, locale } = useI18n();
  if (isNotFoundError(error)) return <NotFoundPage />;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t("errorPage.title")}</h1>
      <p>{t("errorPage.body")}</p>
      <p className="notice notice-error">{errorMessage(t, error, locale)}</p>
      <p className="error-page-links">
        <button type="button" onClick={reset}>
          {t("common.retry")}
        </button>
      </p>
      <HomeLinks />
    </section>
  );
}
