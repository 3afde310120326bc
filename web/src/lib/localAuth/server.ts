/**
 * Request handling for local auth, shared by the /api/local-auth route handlers.
 * Every handler answers 404 unless the app runs in local mode.
 */
import { resolveAuthConfig } from "../authConfig.ts";
import { loadSigningKey } from "./keys.ts";
import {
  issueConvexToken,
  issueSessionToken,
  type LocalUser,
  localUserFromName,
  SESSION_AUDIENCE,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  verifyLocalToken,
} from "./tokens.ts";

/** The issuer of local tokens: this app's URL (set FONDATION_APP_URL when behind a proxy). */
export function localIssuer(request: Request): string {
  const configured = process.env.FONDATION_APP_URL?.trim();
  return (configured || new URL(request.url).origin).replace(/\/+$/, "");
}

export function localModeOr404(): Response | null {
  if (resolveAuthConfig(process.env).mode === "local") return null;
  return Response.json({ error: "Local sign-in is not enabled." }, { status: 404 });
}

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export async function sessionUser(request: Request): Promise<LocalUser | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  return verifyLocalToken(await loadSigningKey(), localIssuer(request), SESSION_AUDIENCE, token);
}

function sessionCookie(value: string, maxAge: number, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export async function signIn(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'Send JSON: {"name": "…"}.' }, { status: 400 });
  }
  const name = typeof body === "object" && body && "name" in body ? String(body.name) : "";
  const parsed = localUserFromName(name);
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const token = await issueSessionToken(await loadSigningKey(), localIssuer(request), parsed.user);
  return Response.json(
    { user: parsed.user },
    { headers: { "set-cookie": sessionCookie(token, SESSION_TTL_SECONDS, request) } },
  );
}

export function signOut(request: Request): Response {
  return Response.json(
    { user: null },
    { headers: { "set-cookie": sessionCookie("", 0, request) } },
  );
}

export async function convexToken(request: Request): Promise<Response> {
  const user = await sessionUser(request);
  if (!user) return Response.json({ error: "Not signed in." }, { status: 401 });
  const token = await issueConvexToken(await loadSigningKey(), localIssuer(request), user);
  return Response.json({ token }, { headers: { "cache-control": "no-store" } });
}
