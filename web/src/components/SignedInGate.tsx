"use client";
/**
 * Renders its children only once the backend is configured and the Convex client is
 * authenticated; otherwise says what is missing (configuration, sign-in) or that it loads.
 */
import { useConvexAuth } from "convex/react";
import Link from "next/link";
import type { ReactNode } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { useAppConfig } from "./AppConfig.tsx";
import { ErrorBoundary } from "./ErrorBoundary.tsx";

function ConvexAuthGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { isLoading, isAuthenticated } = useConvexAuth();
  if (isLoading)
    return (
      <p className="muted" role="status">
        {t("common.loading")}
      </p>
    );
  if (!isAuthenticated) {
    return (
      <p className="notice">
        <Link href="/sign-in">{t("nav.signIn")}</Link>
      </p>
    );
  }
  return <ErrorBoundary>{children}</ErrorBoundary>;
}

export function SignedInGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const config = useAppConfig();
  if (config.authMode === "unconfigured")
    return <p className="notice">{t("landing.unconfigured")}</p>;
  if (!config.convexConfigured) return <p className="notice">{t("landing.noConvex")}</p>;
  return <ConvexAuthGate>{children}</ConvexAuthGate>;
}
