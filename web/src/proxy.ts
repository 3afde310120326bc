/**
 * Next 16 "proxy" (formerly middleware), on every request:
 *
 * - the security headers of src/lib/securityHeaders.ts on every response (pages, API
 *   routes, the not-found and error pages, static assets), with a fresh CSP nonce that the
 *   request carries on to the render (Next.js puts it on its scripts, Clerk on its own);
 * - in Clerk mode, Clerk's session handling (so server actions can call auth()) for pages
 *   and API routes, not for static files nor the MCP endpoint (its own Bearer tokens).
 */
import { clerkMiddleware } from "@clerk/nextjs/server";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { resolveAuthConfig } from "./lib/authConfig.ts";
import { newNonce, securityContext, securityHeaders } from "./lib/securityHeaders.ts";

/** Next internals and static files: no nonce to hand on, no Clerk session to read. */
const STATIC =
  /^\/(?:_next\/|.*\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)$)/i;

/** app/api/mcp/route.ts: authenticated by its own tokens. */
const MCP_PATH = "/api/mcp";

function withNonce(request: NextRequest, nonce: string, csp: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  return NextResponse.next({ request: { headers } });
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const isStatic = STATIC.test(request.nextUrl.pathname);
  const nonce = isStatic ? null : newNonce();
  const headers = securityHeaders(securityContext(process.env, nonce));
  const csp = headers["Content-Security-Policy"] as string;

  let response: Response;
  if (isStatic || nonce === null) {
    response = NextResponse.next();
  } else if (
    resolveAuthConfig(process.env).mode === "clerk" &&
    // The MCP endpoint's Bearer header is a Fondation MCP token, not a Clerk session.
    request.nextUrl.pathname !== MCP_PATH
  ) {
    // Clerk answers some requests itself (its handshake redirects); the handler is the rest.
    const clerk = clerkMiddleware((_auth, req) => withNonce(req, nonce, csp));
    response = (await clerk(request, event)) ?? withNonce(request, nonce, csp);
  } else {
    response = withNonce(request, nonce, csp);
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every request, static files and Next internals included: they get the headers too.
  matcher: ["/:path*"],
};
