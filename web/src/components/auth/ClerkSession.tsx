"use client";
/** Bridges Clerk's session into the app's SessionContext. */
import { useAuth, useClerk, useUser } from "@clerk/nextjs";
import { type ReactNode, useMemo } from "react";
import { type Session, SessionContext } from "./session.tsx";

export function ClerkSession({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  const { user } = useUser();
  const clerk = useClerk();
  const session = useMemo<Session>(
    () => ({
      mode: "clerk",
      isLoaded,
      isSignedIn: Boolean(isSignedIn),
      name: user?.fullName ?? user?.username ?? null,
      signOut: () => clerk.signOut(),
    }),
    [isLoaded, isSignedIn, user, clerk],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
