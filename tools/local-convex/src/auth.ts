import type { UserIdentity } from "convex/server";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import type { AuthConfig, AuthProviderConfig } from "./app.ts";

/** A verified token: who it identifies and when it stops being valid (ms, or null). */
export interface VerifiedIdentity {
  identity: UserIdentity;
  expiresAt: number | null;
}

export class AuthVerificationError extends Error {}

// Claim → UserIdentity attribute, as the Convex backend maps them.
const CLAIM_TO_ATTRIBUTE: Record<string, string> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};
const REGISTERED_CLAIMS = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti"]);

function identityFromClaims(issuer: string, claims: JWTPayload): UserIdentity {
  const subject = claims.sub;
  if (typeof subject !== "string" || subject === "") {
    throw new AuthVerificationError("Token has no `sub` claim");
  }
  const identity: Record<string, unknown> = {
    tokenIdentifier: `${issuer}|${subject}`,
    subject,
    issuer,
  };
  for (const [claim, value] of Object.entries(claims)) {
    if (REGISTERED_CLAIMS.has(claim)) continue;
    identity[CLAIM_TO_ATTRIBUTE[claim] ?? claim] = value;
  }
  return identity as UserIdentity;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

interface Verifier {
  issuer: string;
  matches(iss: string): boolean;
  audience: string | undefined;
  algorithms: string[] | undefined;
  keys: JWTVerifyGetKey;
}

function keysFromJwksUrl(jwks: string): JWTVerifyGetKey {
  if (jwks.startsWith("data:")) {
    const comma = jwks.indexOf(",");
    const meta = jwks.slice(5, comma);
    const body = jwks.slice(comma + 1);
    const text = meta.endsWith(";base64")
      ? Buffer.from(body, "base64").toString("utf8")
      : decodeURIComponent(body);
    return createLocalJWKSet(JSON.parse(text));
  }
  return createRemoteJWKSet(new URL(jwks), { cooldownDuration: 1000 });
}

/** The OIDC-style provider (Clerk and others): keys from the issuer's discovery document. */
function oidcKeys(domain: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    try {
      const response = await fetch(`${domain}/.well-known/openid-configuration`);
      if (response.ok) {
        const { jwks_uri } = (await response.json()) as { jwks_uri?: string };
        if (jwks_uri) return createRemoteJWKSet(new URL(jwks_uri));
      }
    } catch {
      // fall back to the conventional location below
    }
    return createRemoteJWKSet(new URL(`${domain}/.well-known/jwks.json`));
  };
  return async (header, token) => {
    keys ??= discover().catch((error) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}

function verifierFor(provider: AuthProviderConfig): Verifier | null {
  if (provider.type === "customJwt") {
    if (!provider.issuer || !provider.jwks) return null;
    const issuer = provider.issuer;
    return {
      issuer,
      matches: (iss) => iss === issuer,
      audience: provider.applicationID,
      algorithms: provider.algorithm ? [provider.algorithm] : undefined,
      keys: keysFromJwksUrl(provider.jwks),
    };
  }
  if (!provider.domain) return null;
  const domain = trimSlash(provider.domain);
  return {
    issuer: domain,
    matches: (iss) => trimSlash(iss) === domain,
    audience: provider.applicationID,
    algorithms: undefined,
    keys: oidcKeys(domain),
  };
}

/** Verifies user JWTs against the providers of the app's convex/auth.config.ts. */
export class TokenVerifier {
  readonly #verifiers: Verifier[];

  constructor(config: AuthConfig) {
    this.#verifiers = config.providers.map(verifierFor).filter((v): v is Verifier => v !== null);
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new AuthVerificationError(
        "Could not parse JWT payload. Check that the token is a JWT.",
      );
    }
    const iss = claims.iss;
    const verifier = this.#verifiers.find((v) => typeof iss === "string" && v.matches(iss));
    if (!verifier) {
      const known = this.#verifiers.map((v) => v.issuer).join(", ") || "none";
      throw new AuthVerificationError(
        `No auth provider found matching the given token (issuer "${String(iss)}"; configured: ${known}). Check convex/auth.config.ts.`,
      );
    }
    try {
      const { payload } = await jwtVerify(token, verifier.keys, {
        issuer: iss as string,
        ...(verifier.audience !== undefined ? { audience: verifier.audience } : {}),
        ...(verifier.algorithms ? { algorithms: verifier.algorithms } : {}),
      });
      return {
        identity: identityFromClaims(verifier.issuer, payload),
        expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null,
      };
    } catch (error) {
      if (error instanceof AuthVerificationError) throw error;
      const code = (error as { code?: string }).code;
      const reason =
        code === "ERR_JWT_EXPIRED"
          ? "Token expired"
          : code === "ERR_JWT_CLAIM_VALIDATION_FAILED"
            ? `Token claim check failed: ${(error as Error).message}`
            : `Could not verify token: ${(error as Error).message}`;
      throw new AuthVerificationError(reason);
    }
  }
}
