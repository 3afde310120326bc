/**
 * Who may sign in. Clerk in production (issuer domain from CLERK_JWT_ISSUER_DOMAIN, JWT
 * template named "convex"); when LOCAL_AUTH_ISSUER is set, also the local development
 * issuer run by the web app offline. Users are keyed by `tokenIdentifier` whatever the issuer.
 */
import type { AuthConfig } from "convex/server";

const providers: AuthConfig["providers"] = [
  { domain: process.env.CLERK_JWT_ISSUER_DOMAIN ?? "", applicationID: "convex" },
];

const localIssuer = process.env.LOCAL_AUTH_ISSUER;
if (localIssuer) {
  providers.push({
    type: "customJwt",
    issuer: localIssuer,
    jwks:
      process.env.LOCAL_AUTH_JWKS_URL ?? `${localIssuer.replace(/\/$/, "")}/.well-known/jwks.json`,
    algorithm: "RS256",
    applicationID: "convex",
  });
}

export default { providers } satisfies AuthConfig;
