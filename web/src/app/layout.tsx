import { ClerkProvider } from "@clerk/nextjs";
import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import type { ReactNode } from "react";
import { Header } from "@/components/Header.tsx";
import { Providers } from "@/components/Providers.tsx";
import { convexUrl, resolveAuthConfig } from "@/lib/authConfig.ts";
import { LOCALE_COOKIE, negotiateLocale } from "@/lib/i18n/index.ts";
import { isTheme, THEME_COOKIE } from "@/lib/theme.ts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Fondation", template: "%s · Fondation" },
  description: "Turn a code repository into a course.",
};

// Auth mode, Convex URL, locale and theme are read per request: one build, any environment.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const config = resolveAuthConfig(process.env);
  const cookieStore = await cookies();
  const requestHeaders = await headers();
  const locale = negotiateLocale(
    cookieStore.get(LOCALE_COOKIE)?.value,
    requestHeaders.get("accept-language"),
  );
  // The CSP nonce of this request (src/proxy.ts): Clerk's script tags need it.
  const nonce = requestHeaders.get("x-nonce") ?? undefined;
  const themeCookie = cookieStore.get(THEME_COOKIE)?.value;
  const theme = isTheme(themeCookie) ? themeCookie : "system";

  const app = (
    <Providers authMode={config.mode} convexUrl={convexUrl(process.env)} locale={locale}>
      <Header initialTheme={theme} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </Providers>
  );
  return (
    <html lang={locale} data-theme={theme === "system" ? undefined : theme}>
      <body>
        {config.mode === "clerk" && config.clerkPublishableKey ? (
          <ClerkProvider publishableKey={config.clerkPublishableKey} nonce={nonce}>
            {app}
          </ClerkProvider>
        ) : (
          app
        )}
      </body>
    </html>
  );
}
