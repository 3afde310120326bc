"use client";
/**
 * Client-side providers: the locale, the session (Clerk or local), and the Convex client
 * authenticated with that session. The Convex URL comes from the server at request time,
 * so one build can serve any deployment (or the local backend on any port).
 */
import { useAuth } from "@clerk/nextjs";
import { api } from "@convex/_generated/api";
import {
  ConvexProviderWithAuth,
  ConvexReactClient,
  useConvexAuth,
  useMutation,
} from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { type ReactNode, useEffect, useMemo } from "react";
import { z } from "zod";
import type { AuthMode } from "@/lib/authConfig.ts";
import { I18nProvider } from "@/lib/i18n/context.tsx";
import type { Locale } from "@/lib/i18n/index.ts";
import { AppConfigContext } from "./AppConfig.tsx";
import { ClerkSession } from "./auth/ClerkSession.tsx";
import { LocalAuthProvider, useLocalConvexAuth } from "./auth/LocalAuthProvider.tsx";

// Zod would otherwise probe `new Function("")` (its JIT) on the first parse in the browser,
// which the CSP refuses (no 'unsafe-eval') and reports as a violation.
z.config({ jitless: true });

export interface ProvidersProps {
  authMode: AuthMode;
  convexUrl: string | null;
  locale: Locale;
  children: ReactNode;
}

/** Upserts the user row once the Convex client is authenticated. */
function StoreUser() {
  const { isAuthenticated } = useConvexAuth();
  const store = useMutation(api.users.store);
  useEffect(() => {
    if (isAuthenticated) void store({}).catch(() => {});
  }, [isAuthenticated, store]);
  return null;
}

export function Providers({ authMode, convexUrl, locale, children }: ProvidersProps) {
  const client = useMemo(() => (convexUrl ? new ConvexReactClient(convexUrl) : null), [convexUrl]);
  let content = children;
  if (client && authMode === "clerk") {
    content = (
      <ClerkSession>
        <ConvexProviderWithClerk client={client} useAuth={useAuth}>
          <StoreUser />
          {children}
        </ConvexProviderWithClerk>
      </ClerkSession>
    );
  } else if (client && authMode === "local") {
    content = (
      <LocalAuthProvider>
        <ConvexProviderWithAuth client={client} useAuth={useLocalConvexAuth}>
          <StoreUser />
          {children}
        </ConvexProviderWithAuth>
      </LocalAuthProvider>
    );
  } else if (authMode === "clerk") {
    content = <ClerkSession>{children}</ClerkSession>;
  } else if (authMode === "local") {
    content = <LocalAuthProvider>{children}</LocalAuthProvider>;
  }
  const config = useMemo(
    () => ({ authMode, convexConfigured: client !== null }),
    [authMode, client],
  );
  return (
    <AppConfigContext.Provider value={config}>
      <I18nProvider initialLocale={locale}>{content}</I18nProvider>
    </AppConfigContext.Provider>
  );
}
