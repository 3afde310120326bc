"use client";
/**
 * Local sign-in (development and tests only): the session lives in an httpOnly cookie set
 * by /api/local-auth/session; the Convex client fetches short-lived tokens from
 * /api/local-auth/token through `useLocalConvexAuth`.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { type Session, SessionContext } from "./session.tsx";

interface LocalState {
  isLoaded: boolean;
  user: { subject: string; name: string } | null;
  refresh: () => Promise<void>;
}

const LocalContext = createContext<LocalState | null>(null);

async function fetchSessionUser(): Promise<LocalState["user"]> {
  const response = await fetch("/api/local-auth/session", { cache: "no-store" });
  if (!response.ok) return null;
  const body = (await response.json()) as { user: LocalState["user"] };
  return body.user;
}

export function LocalAuthProvider({ children }: { children: ReactNode }) {
  const [isLoaded, setLoaded] = useState(false);
  const [user, setUser] = useState<LocalState["user"]>(null);
  const refresh = useCallback(async () => {
    setUser(await fetchSessionUser().catch(() => null));
    setLoaded(true);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const signOut = useCallback(async () => {
    await fetch("/api/local-auth/session", { method: "DELETE" });
    setUser(null);
  }, []);
  const local = useMemo(() => ({ isLoaded, user, refresh }), [isLoaded, user, refresh]);
  const session = useMemo<Session>(
    () => ({
      mode: "local",
      isLoaded,
      isSignedIn: user !== null,
      name: user?.name ?? null,
      signOut,
    }),
    [isLoaded, user, signOut],
  );
  return (
    <LocalContext.Provider value={local}>
      <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
    </LocalContext.Provider>
  );
}

export function useLocalAuth(): LocalState {
  const value = useContext(LocalContext);
  if (!value) throw new Error("useLocalAuth must be used inside <LocalAuthProvider>.");
  return value;
}

/** The `useAuth` hook ConvexProviderWithAuth expects, backed by local tokens. */
export function useLocalConvexAuth() {
  const { isLoaded, user } = useLocalAuth();
  const subject = user?.subject ?? null;
  const fetchAccessToken = useCallback(
    async (_args: { forceRefreshToken: boolean }): Promise<string | null> => {
      if (!subject) return null;
      const response = await fetch("/api/local-auth/token", { cache: "no-store" });
      if (!response.ok) return null;
      return ((await response.json()) as { token: string }).token;
    },
    // A new subject must give Convex a new fetcher, so it re-authenticates.
    [subject],
  );
  return useMemo(
    () => ({ isLoading: !isLoaded, isAuthenticated: subject !== null, fetchAccessToken }),
    [isLoaded, subject, fetchAccessToken],
  );
}
