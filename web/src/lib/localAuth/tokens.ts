/**
 * Local-auth tokens (development and end-to-end tests only).
 *
 * Two kinds, signed with the same key and told apart by audience:
 * - the session token, kept in an httpOnly cookie, says who signed in (30 days);
 * - the Convex token (audience "convex", 1 hour), fetched by the browser's Convex client,
 *   which the Convex deployment accepts as a customJwt provider whose issuer is this app's
 *   URL and whose JWKS is /api/local-auth/jwks.
 */
import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import { LOCAL_AUTH_ALG, type SigningKey } from "./keys.ts";

export const CONVEX_AUDIENCE = "convex";
export const SESSION_AUDIENCE = "fondation-local-session";
export const SESSION_COOKIE = "fondation_local_session";
export const CONVEX_TOKEN_TTL_SECONDS = 60 * 60;
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface LocalUser {
  /** Stable subject derived from the name: "local-<slug>". */
  subject: string;
  name: string;
}

/** Turn the name a person typed into a local user, or explain what is wrong with it. */
export function localUserFromName(
  input: string,
): { ok: true; user: LocalUser } | { ok: false; error: string } {
  const name = input.trim().replace(/\s+/g, " ");
  if (name.length === 0) return { ok: false, error: "Enter a name to sign in with." };
  if (name.length > 64) return { ok: false, error: "Use a name of at most 64 characters." };
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length === 0) {
    return { ok: false, error: "Use at least one letter or digit in the name." };
  }
  return { ok: true, user: { subject: `local-${slug}`, name } };
}

async function sign(
  key: SigningKey,
  issuer: string,
  audience: string,
  ttlSeconds: number,
  user: LocalUser,
): Promise<string> {
  return new SignJWT({ name: user.name, nickname: user.subject.replace(/^local-/, "") })
    .setProtectedHeader({ alg: LOCAL_AUTH_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(user.subject)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}

export function issueConvexToken(key: SigningKey, issuer: string, user: LocalUser) {
  return sign(key, issuer, CONVEX_AUDIENCE, CONVEX_TOKEN_TTL_SECONDS, user);
}

export function issueSessionToken(key: SigningKey, issuer: string, user: LocalUser) {
  return sign(key, issuer, SESSION_AUDIENCE, SESSION_TTL_SECONDS, user);
}

/** Verify a token this app issued for `audience`; null when it is not valid. */
export async function verifyLocalToken(
  key: SigningKey,
  issuer: string,
  audience: string,
  token: string,
): Promise<LocalUser | null> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), {
      issuer,
      audience,
      algorithms: [LOCAL_AUTH_ALG],
    });
    if (typeof payload.sub !== "string" || typeof payload.name !== "string") return null;
    return { subject: payload.sub, name: payload.name };
  } catch {
    return null;
  }
}
