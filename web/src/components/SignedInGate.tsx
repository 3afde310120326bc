"use client";
/**
 * Renders its children only once the backend is configured and the Convex client is
 * authenticated; otherwise says what is missing (configuration, sign-in) or that it loads.
 * The sign-in link asks to come back to this page. `allowSignedOut` lets a signed-out
 * visitor through once the session is known (a shared course's link: the key is the pass).
 */
import { useConvexAuth } from "convex/react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { signInHref } from "@/lib/redirect.ts";
import { useAppConfig } from "./AppConfig.tsx";
import { ErrorBoundary } from "./ErrorBoundary.tsx";

/** This page's path and query, for the sign-in link to return to. */
function useHere(): string {
  const path = usePathname();
  const query = useSearchParams().toString();
  return query ? `${path}?${query}` : path;
}

function ConvexAuthGate({
  children,
  allowSignedOut,
}: {
  children: ReactNode;
  allowSignedOut: boolean;
}) {
  const { t } = useI18n();
  const here = useHere();
  const { isLoading, isAuthenticated } = useConvexAuth();
  if (isLoading)
    return (
      <p className="muted" role="status">
        {t("common.loading")}
      </p>
    );
  if (!isAuthenticated && !allowSignedOut) {
    return (
      <p className="notice">
        <Link href={signInHref(here)}>{t("nav.signIn")}</Link>
      </p>
    );
  }
  return <ErrorBoundary>{children}</ErrorBoundary>;
}

export function SignedInGate({
  children,
  allowSignedOut = false,
}: {
  children: ReactNode;
  allowSignedOut?: boolean;
}) {
  const { t } = useI18n();
  const config = useAppConfig();
  if (config.authMode === "unconfigured")
    return <p className="notice">{t("landing.unconfigured")}</p>;
  if (!config.convexConfigured) return <p className="notice">{t("landing.noConvex")}</p>;
  return <ConvexAuthGate allowSignedOut={allowSignedOut}>{children}</ConvexAuthGate>;
}
