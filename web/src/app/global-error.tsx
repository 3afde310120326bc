"use client";
/**
 * The last resort, when the root layout itself failed: no providers, so the language and
 * theme are read from their cookies here; the page keeps the app's colours and a way home.
 */
import { useEffect, useState } from "react";
import { isLocale, LOCALE_COOKIE, type Locale, translator } from "@/lib/i18n/index.ts";
import { isTheme, THEME_COOKIE } from "@/lib/theme.ts";
import "./globals.css";
import "@/components/errors/errorPages.css";

function cookie(name: string): string | undefined {
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : undefined;
}

export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  const [locale, setLocale] = useState<Locale>("en");
  const [theme, setTheme] = useState<string | undefined>(undefined);
  useEffect(() => {
    const saved = cookie(LOCALE_COOKIE);
    const browser = navigator.language.slice(0, 2).toLowerCase();
    setLocale(isLocale(saved) ? saved : isLocale(browser) ? browser : "en");
    const savedTheme = cookie(THEME_COOKIE);
    if (isTheme(savedTheme) && savedTheme !== "system") setTheme(savedTheme);
  }, []);
  const t = translator(locale);
  return (
    <html lang={locale} data-theme={theme}>
      <body>
        <main id="main">
          <section className="error-page" aria-labelledby="error-title">
            <h1 id="error-title">{t("errorPage.title")}</h1>
            <p>{t("errorPage.body")}</p>
            <p className="error-page-links">
              <button type="button" onClick={reset}>
                {t("common.retry")}
              </button>
              {/* A full load: the layout that failed is rebuilt from scratch. */}
              <a href="/" className="button button-secondary">
                {t("notFound.home")}
              </a>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
