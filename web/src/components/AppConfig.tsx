"use client";
/** What the server decided at start-up, for client components: auth mode and backend. */
import { createContext, useContext } from "react";
import type { AuthMode } from "@/lib/authConfig.ts";

export interface AppConfig {
  authMode: AuthMode;
  convexConfigured: boolean;
}

export const AppConfigContext = createContext<AppConfig>({
  authMode: "unconfigured",
  convexConfigured: false,
});

export function useAppConfig(): AppConfig {
  return useContext(AppConfigContext);
}
