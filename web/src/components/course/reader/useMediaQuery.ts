"use client";
/** Whether a CSS media query matches now, updated as it changes (false on the server). */
import { useCallback, useSyncExternalStore } from "react";

export const MOBILE_QUERY = "(max-width: 800px)";

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia?.(query);
      list?.addEventListener("change", onChange);
      return () => list?.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia?.(query).matches ?? false,
    () => false,
  );
}
