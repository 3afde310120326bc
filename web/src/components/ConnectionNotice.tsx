"use client";
/**
 * Says when the page has lost its live connection to Convex (the client reconnects by
 * itself): what is on screen may be stale and actions wait until it is back. Nothing is
 * shown before the first connection, which is the page's ordinary loading state.
 */
import { useConvexConnectionState } from "convex/react";
import { useI18n } from "@/lib/i18n/context.tsx";

/** True once connected at least once and not connected now. */
export function useDisconnected(): boolean {
  const { hasEverConnected, isWebSocketConnected } = useConvexConnectionState();
  return hasEverConnected && !isWebSocketConnected;
}

export function ConnectionNotice({ disconnected }: { disconnected: boolean }) {
  const { t } = useI18n();
  if (!disconnected) return null;
  return (
    <p className="notice notice-warn" role="status" data-testid="connection-lost">
      {t("connection.lost")}
    </p>
  );
}
