/**
 * The security headers of every response (issue 11, "The browser"), built per request by
 * the proxy (src/proxy.ts) from the environment it runs in — one build serves any backend:
 *
 * - a Content-Security-Policy with a fresh nonce: Next.js puts the nonce on its own scripts
 *   (it reads it from the request's CSP header), `'strict-dynamic'` lets them load the rest;
 *   images only from this origin or `data:`; network only to this origin, the Convex
 *   deployment (`CONVEX_URL`, http and ws) and, in Clerk mode, Clerk's origins; no plugins,
 *   no framing, no `<base>`;
 * - `nosniff`, a Referrer-Policy, the legacy `X-Frame-Options`, a Permissions-Policy and a
 *   Cross-Origin-Opener-Policy;
 * - in production only (NODE_ENV=production and not the local sign-in stack, which is
 *   plain http on loopback): HSTS and `upgrade-insecure-requests`.
 *
 * style-src keeps 'unsafe-inline': Mermaid's SVG carries a <style> element and style
 * attributes, React and Clerk set inline styles. What a style could still do — load a
 * remote image or font — img-src, font-src and default-src refuse.
 */
import { type AuthMode, convexUrl, resolveAuthConfig } from "./authConfig.ts";

type Env = Record<string, string | undefined>;

export interface SecurityContext {
  /** The per-request nonce (base64), or null for responses that run no script. */
  nonce: string | null;
  mode: AuthMode;
  /** Clerk's Frontend API origin (https://clerk.example.com) in Clerk mode. */
  clerkFrontendApi: string | null;
  /** The Convex deployment URL the browser connects to. */
  convexUrl: string | null;
  /** HSTS and upgrade-insecure-requests (a real deployment behind https). */
  production: boolean;
  /** `next dev`: React needs eval for its debugging aids. */
  development: boolean;
}

/** Origins Clerk's own scripts, frames and requests use besides the Frontend API. */
const CLERK_BOT_PROTECTION = "https://challenges.cloudflare.com";
const CLERK_FRAUD_PROTECTION = "https://*.protect.clerk.com";
const CLERK_IMAGES = "https://img.clerk.com";

export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** A fresh nonce: 16 random bytes, base64 (only [A-Za-z0-9+/=], safe in HTML and CSP). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Clerk's Frontend API origin from a publishable key: `pk_(test|live)_` + base64 of
 * `<host>$`. Null when the key does not decode to a plain host name.
 */
export function clerkFrontendApiFromKey(key: string | null | undefined): string | null {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(key?.trim() ?? "");
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = atob(match[1].replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const host = decoded.replace(/\$$/, "");
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(host)) {
    return null;
  }
  return `https://${host.toLowerCase()}`;
}

/** The Convex deployment's http(s) origin and its ws(s) twin; none for a malformed URL. */
export function convexOrigins(url: string | null | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return [];
  const ws = parsed.protocol === "https:" ? "wss:" : "ws:";
  return [parsed.origin, `${ws}//${parsed.host}`];
}

/** Everything the headers depend on, read from the environment (per request). */
export function securityContext(env: Env, nonce: string | null): SecurityContext {
  const auth = resolveAuthConfig(env);
  return {
    nonce,
    mode: auth.mode,
    clerkFrontendApi:
      auth.mode === "clerk" ? clerkFrontendApiFromKey(auth.clerkPublishableKey) : null,
    convexUrl: convexUrl(env),
    production: env.NODE_ENV === "production" && auth.mode !== "local",
    development: env.NODE_ENV === "development",
  };
}

export function contentSecurityPolicy(ctx: SecurityContext): string {
  const clerk = ctx.mode === "clerk";
  const fapi = clerk && ctx.clerkFrontendApi ? [ctx.clerkFrontendApi] : [];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    [
      "script-src",
      [
        "'self'",
        ...(ctx.nonce ? [`'nonce-${ctx.nonce}'`, "'strict-dynamic'"] : []),
        ...(ctx.development ? ["'unsafe-eval'"] : []),
        // Ignored by browsers that know 'strict-dynamic'; Clerk's documented list.
        ...(clerk ? [...fapi, CLERK_BOT_PROTECTION, CLERK_FRAUD_PROTECTION] : []),
      ],
    ],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", ...(clerk ? [CLERK_IMAGES] : [])]],
    ["font-src", ["'self'"]],
    [
      "connect-src",
      [
        "'self'",
        ...convexOrigins(ctx.convexUrl),
        ...(clerk ? [...fapi, `${CLERK_FRAUD_PROTECTION}:*`] : []),
      ],
    ],
    ["frame-src", clerk ? [CLERK_BOT_PROTECTION, CLERK_FRAUD_PROTECTION] : ["'none'"]],
    ["worker-src", clerk ? ["'self'", "blob:"] : ["'self'"]],
    ["media-src", ["'none'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ];
  const policy = directives.map(([name, values]) => `${name} ${values.join(" ")}`);
  if (ctx.production) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** Every security header of a response, by name. */
export function securityHeaders(ctx: SecurityContext): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(ctx),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (ctx.production) headers["Strict-Transport-Security"] = HSTS_VALUE;
  return headers;
}
