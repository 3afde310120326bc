/**
 * Scrubs secrets out of text before it reaches a log, an event or Convex: known secret
 * values (worker secret, tokens, API keys), credentials embedded in URLs, and common token
 * shapes. Used by the logger, the git clone errors and the CLI's stderr tail.
 */

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi;
const TOKEN_SHAPES = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bsk-ant-[A-Za-z0-9_-]{10,}\b/g, // Anthropic keys
  /\bsk_(?:live|test)_[A-Za-z0-9]{10,}\b/g, // Clerk secret keys
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

export const REDACTED = "[redacted]";

export type Redactor = (text: string) => string;

/** A redactor that also removes each of the given secret values wherever they appear. */
export function makeRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
  const values = secrets
    .filter((s): s is string => typeof s === "string" && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const value of values) out = out.split(value).join(REDACTED);
    out = out.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
    for (const shape of TOKEN_SHAPES) {
      out = out.replace(shape, (_match, scheme?: string) =>
        typeof scheme === "string" && /^(bearer|basic)$/i.test(scheme)
          ? `${scheme} ${REDACTED}`
          : REDACTED,
      );
    }
    return out;
  };
}

/** Remove credentials from a URL so it can be shown. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = "";
      u.password = "";
    }
    return u.href;
  } catch {
    return makeRedactor()(url);
  }
}
