/**
 * Who may sign in. Clerk in production (issuer domain from CLERK_JWT_ISSUER_DOMAIN, JWT
 * template named "convex"); when LOCAL_AUTH_ISSUER is set, also the local development
 * issuer run by the web app offline (its JWKS at LOCAL_AUTH_JWKS_URL). Users are keyed by
 * `tokenIdentifier` whatever the issuer.
 */
import type { AuthConfig } from "convex/server";

const clerkDomain = process.env.CLERK_JWT_ISSUER_DOMAIN;
const localIssuer = process.env.LOCAL_AUTH_ISSUER;

const providers: AuthConfig["providers"] = [];

// Without a local issuer, Clerk is required: a deployment missing CLERK_JWT_ISSUER_DOMAIN
// then fails loudly at push time instead of silently accepting no one.
if (clerkDomain || !localIssuer) {
  providers.push({ domain: clerkDomain as string, applicationID: "convex" });
}

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
