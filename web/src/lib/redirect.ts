/**
 * Where to go after signing in: the `redirect_url` a protected page put on its sign-in link,
 * accepted only as a path of this site (`/courses/x?share=y#h`). Absolute URLs,
 * protocol-relative `//host`, backslashes (browsers read `/\host` as `//host`) and control
 * characters are refused, so a crafted sign-in link cannot send anyone elsewhere.
 * Read by the sign-in page (local form and Clerk) and SignedInGate / Header (to build links).
 */
export const REDIRECT_PARAM = "redirect_url";
export const DEFAULT_AFTER_SIGN_IN = "/dashboard";
const MAX_REDIRECT_CHARS = 2048;
const BASE = "https://same-origin.invalid";

/** `value` as a same-origin path, or null when it is anything else. */
export function safeRedirect(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_REDIRECT_CHARS) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Back to the sign-in page would be a loop.
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/")) return null;
  return path;
}

/** Where to land after signing in: the requested page when it is safe, else the dashboard. */
export function afterSignIn(requested: string | null | undefined): string {
  return safeRedirect(requested) ?? DEFAULT_AFTER_SIGN_IN;
}

/** The sign-in link of a page, asking to come back to it (`here` = path + query + hash). */
export function signInHref(here: string | null | undefined): string {
  const back = safeRedirect(here);
  return back && back !== "/"
    ? `/sign-in?${REDIRECT_PARAM}=${encodeURIComponent(back)}`
    : "/sign-in";
}
