import { describe, expect, it } from "vitest";
import {
  clerkFrontendApiFromKey,
  contentSecurityPolicy,
  convexOrigins,
  HSTS_VALUE,
  newNonce,
  securityContext,
  securityHeaders,
} from "@/lib/securityHeaders.ts";

const LOCAL = {
  NODE_ENV: "production",
  FONDATION_LOCAL_AUTH: "1",
  FONDATION_UNSAFE_LOCAL_AUTH_IN_PRODUCTION: "I_UNDERSTAND_ANYONE_CAN_SIGN_IN",
  CONVEX_URL: "http://127.0.0.1:3210",
};
const key = (host: string) => `pk_live_${Buffer.from(`${host}$`).toString("base64")}`;
const CLERK = {
  NODE_ENV: "production",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: key("clerk.fondation.dev"),
  CLERK_SECRET_KEY: "sk_live_x",
  CONVEX_URL: "https://happy-otter-123.convex.cloud",
};

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp.split("; ").map((d) => {
      const [name, ...sources] = d.split(" ");
      return [name, sources];
    }),
  );
}

describe("security headers", () => {
  it("local mode: the exact headers, no HSTS, Convex over http and ws", () => {
    const headers = securityHeaders(securityContext(LOCAL, "bm9uY2U="));
    expect(headers).toEqual({
      "Content-Security-Policy":
        "default-src 'self'; script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' http://127.0.0.1:3210 ws://127.0.0.1:3210; frame-src 'none'; worker-src 'self'; media-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
  });

  it("production (Clerk): HSTS, upgrade-insecure-requests, Clerk's origins, wss Convex", () => {
    const headers = securityHeaders(securityContext(CLERK, "abc="));
    expect(headers["Strict-Transport-Security"]).toBe(HSTS_VALUE);
    const csp = directives(headers["Content-Security-Policy"] ?? "");
    expect(csp["upgrade-insecure-requests"]).toEqual([]);
    expect(csp["connect-src"]).toEqual([
      "'self'",
      "https://happy-otter-123.convex.cloud",
      "wss://happy-otter-123.convex.cloud",
      "https://clerk.fondation.dev",
      "https://*.protect.clerk.com:*",
    ]);
    expect(csp["script-src"]).toEqual([
      "'self'",
      "'nonce-abc='",
      "'strict-dynamic'",
      "https://clerk.fondation.dev",
      "https://challenges.cloudflare.com",
      "https://*.protect.clerk.com",
    ]);
    expect(csp["img-src"]).toEqual(["'self'", "data:", "https://img.clerk.com"]);
    expect(csp["frame-src"]).toEqual([
      "https://challenges.cloudflare.com",
      "https://*.protect.clerk.com",
    ]);
    expect(csp["worker-src"]).toEqual(["'self'", "blob:"]);
    for (const d of ["frame-ancestors", "object-src", "base-uri", "media-src"]) {
      expect(csp[d], d).toEqual(["'none'"]);
    }
    expect(csp["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("unconfigured production still gets HSTS; next dev gets unsafe-eval and no HSTS", () => {
    expect(securityHeaders(securityContext({ NODE_ENV: "production" }, "n"))).toHaveProperty(
      "Strict-Transport-Security",
    );
    const dev = securityHeaders(
      securityContext({ NODE_ENV: "development", FONDATION_LOCAL_AUTH: "1" }, "n"),
    );
    expect(dev).not.toHaveProperty("Strict-Transport-Security");
    expect(dev["Content-Security-Policy"]).toContain("'unsafe-eval'");
    expect(dev["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
  });

  it("static assets (no nonce): no strict-dynamic, same other directives", () => {
    const csp = contentSecurityPolicy(securityContext(LOCAL, null));
    expect(directives(csp)["script-src"]).toEqual(["'self'"]);
    expect(directives(csp)["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("never puts a nonce in style-src (it would switch off 'unsafe-inline')", () => {
    const csp = directives(contentSecurityPolicy(securityContext(CLERK, "n0nce")));
    expect(csp["style-src"]?.join(" ")).not.toContain("nonce");
  });

  it("reads the Convex URL per call: any backend, nothing for a malformed one", () => {
    expect(convexOrigins("https://a-b-1.convex.cloud/")).toEqual([
      "https://a-b-1.convex.cloud",
      "wss://a-b-1.convex.cloud",
    ]);
    expect(convexOrigins("http://localhost:3210")).toEqual([
      "http://localhost:3210",
      "ws://localhost:3210",
    ]);
    expect(convexOrigins("not a url")).toEqual([]);
    expect(convexOrigins("javascript:alert(1)")).toEqual([]);
    expect(convexOrigins(null)).toEqual([]);
    const csp = contentSecurityPolicy(
      securityContext({ ...LOCAL, CONVEX_URL: "https://x; script-src *" }, "n"),
    );
    expect(csp).not.toContain("script-src *");
  });

  it("decodes Clerk's Frontend API from the publishable key, and refuses anything else", () => {
    expect(clerkFrontendApiFromKey(key("clerk.example.com"))).toBe("https://clerk.example.com");
    expect(clerkFrontendApiFromKey(key("neat-cat-12.clerk.accounts.dev"))).toBe(
      "https://neat-cat-12.clerk.accounts.dev",
    );
    expect(clerkFrontendApiFromKey(key("evil.com; script-src *"))).toBeNull();
    expect(clerkFrontendApiFromKey(key("localhost"))).toBeNull();
    expect(clerkFrontendApiFromKey("pk_test_%%%")).toBeNull();
    expect(clerkFrontendApiFromKey("sk_test_abc")).toBeNull();
    expect(clerkFrontendApiFromKey(undefined)).toBeNull();
  });

  it("makes a fresh, CSP-safe nonce each time", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});
