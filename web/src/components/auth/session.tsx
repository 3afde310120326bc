"use client";
/**
 * The signed-in person as the UI sees it, whatever the sign-in (Clerk or local): whether a
 * session is known yet, who it is, and how to sign in or out.
 */
import { createContext, useContext } from "react";
import type { AuthMode } from "@/lib/authConfig.ts";

export interface Session {
  mode: AuthMode;
  isLoaded: boolean;
  isSignedIn: boolean;
  name: string | null;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session>({
  mode: "unconfigured",
  isLoaded: true,
  isSignedIn: false,
  name: null,
  signOut: async () => {},
});

export function useSession(): Session {
  return useContext(SessionContext);
}
