/**
 * Which sign-in the app uses, decided once from the environment at start-up.
 *
 * - "clerk": Clerk keys are set (production and any real deployment).
 * - "local": no Clerk keys and FONDATION_LOCAL_AUTH=1 — the app signs its own JWTs
 *   (offline development and end-to-end tests only).
 * - "unconfigured": neither; pages explain what to set.
 *
 * Local auth lets anyone sign in as anyone, so it must never run in production by accident:
 * `resolveAuthConfig` throws when NODE_ENV is production, unless the loudly named override
 * below is set (used only by the local end-to-end stack, which runs `next start`).
 */

export const LOCAL_AUTH_FLAG = "FONDATION_LOCAL_AUTH";
export const UNSAFE_PRODUCTION_OVERRIDE = "FONDATION_UNSAFE_LOCAL_AUTH_IN_PRODUCTION";
/** The only value of the override that counts: hard to set by accident. */
export const UNSAFE_PRODUCTION_OVERRIDE_VALUE = "I_UNDERSTAND_ANYONE_CAN_SIGN_IN";

export type AuthMode = "clerk" | "local" | "unconfigured";

export interface AuthConfig {
  mode: AuthMode;
  clerkPublishableKey: string | null;
}

type Env = Record<string, string | undefined>;

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

export function resolveAuthConfig(env: Env): AuthConfig {
  const publishable = env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY?.trim() || null;
  const secret = env.CLERK_SECRET_KEY?.trim() || null;
  const localFlag = env[LOCAL_AUTH_FLAG]?.trim();
  const local = localFlag === "1" || localFlag === "true";

  if (local) {
    if (publishable || secret) {
      throw new AuthConfigError(
        `${LOCAL_AUTH_FLAG}=1 is set together with Clerk keys. Local sign-in is for offline development only: unset ${LOCAL_AUTH_FLAG} to use Clerk, or remove the Clerk keys.`,
      );
    }
    if (
      env.NODE_ENV === "production" &&
      env[UNSAFE_PRODUCTION_OVERRIDE] !== UNSAFE_PRODUCTION_OVERRIDE_VALUE
    ) {
      throw new AuthConfigError(
        `Refusing to start: ${LOCAL_AUTH_FLAG}=1 lets anyone sign in as anyone and NODE_ENV is production. Unset ${LOCAL_AUTH_FLAG} and configure Clerk (NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY). Only the local end-to-end stack may override this, with ${UNSAFE_PRODUCTION_OVERRIDE}=${UNSAFE_PRODUCTION_OVERRIDE_VALUE}.`,
      );
    }
    return { mode: "local", clerkPublishableKey: null };
  }
  if (publishable && secret) return { mode: "clerk", clerkPublishableKey: publishable };
  if (publishable || secret) {
    throw new AuthConfigError(
      "Only one of NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY is set: set both (from the Clerk dashboard, API keys).",
    );
  }
  return { mode: "unconfigured", clerkPublishableKey: null };
}

/** The Convex deployment URL, read at request time so one build serves any backend. */
export function convexUrl(env: Env): string | null {
  return env.CONVEX_URL?.trim() || env.NEXT_PUBLIC_CONVEX_URL?.trim() || null;
}
