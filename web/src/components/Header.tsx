"use client";
/**
 * The top bar: home, repositories, language, theme, and the session. Until the session is
 * known, a blank box of the sign-in button's size holds its place (no "Sign in" flash).
 */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { isLocale, LOCALES } from "@/lib/i18n/index.ts";
import { setPreferenceCookie } from "@/lib/preferenceCookie.ts";
import { signInHref } from "@/lib/redirect.ts";
import { isTheme, THEME_COOKIE, THEMES, type Theme } from "@/lib/theme.ts";
import { useSession } from "./auth/session.tsx";
import "./auth/session.css";

export function Header({ initialTheme }: { initialTheme: Theme }) {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const pathname = usePathname();
  // The query too (a shared course's key), read after navigation: sign-in returns here.
  const [search, setSearch] = useState("");
  useEffect(() => setSearch(pathname ? window.location.search : ""), [pathname]);
  const [theme, setTheme] = useState<Theme>(initialTheme);

  function changeTheme(next: Theme) {
    setTheme(next);
    setPreferenceCookie(THEME_COOKIE, next);
    if (next === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = next;
  }

  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t("nav.skip")}
      </a>
      <Link href="/" className="brand">
        {t("app.name")}
      </Link>
      <nav aria-label="Main" className="site-nav">
        {session.isSignedIn && <Link href="/dashboard">{t("nav.dashboard")}</Link>}
        {session.isSignedIn && <Link href="/search">{t("nav.search")}</Link>}
        {session.isSignedIn && <Link href="/settings/mcp">{t("nav.mcp")}</Link>}
      </nav>
      <div className="header-controls">
        <label>
          <span className="visually-hidden">{t("locale.label")}</span>
          <select
            value={locale}
            onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}
            aria-label={t("locale.label")}
          >
            {LOCALES.map((code) => (
              <option key={code} value={code}>
                {code === "en" ? "English" : "Français"}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t("theme.label")}</span>
          <select
            value={theme}
            onChange={(e) => isTheme(e.target.value) && changeTheme(e.target.value)}
            aria-label={t("theme.label")}
          >
            {THEMES.map((value) => (
              <option key={value} value={value}>
                {t(`theme.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {!session.isLoaded && session.mode !== "unconfigured" ? (
          <span className="button session-placeholder" role="status">
            <span className="visually-hidden">{t("session.loading")}</span>
          </span>
        ) : session.isSignedIn ? (
          <>
            {session.name && <span className="user-name">{session.name}</span>}
            <button
              type="button"
              className="button-secondary"
              onClick={() => void session.signOut()}
            >
              {t("nav.signOut")}
            </button>
          </>
        ) : (
          session.mode !== "unconfigured" && (
            <Link href={signInHref(`${pathname}${search}`)} className="button">
              {t("nav.signIn")}
            </Link>
          )
        )}
      </div>
    </header>
  );
}
