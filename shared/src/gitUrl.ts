/**
 * Validates a git URL a person typed. Used by Convex (before a repository is stored) and
 * the worker (before a clone). Credentials must never be stored in a URL.
 */

export type GitUrlCheck =
  | { ok: true; url: string; host: string; github: { owner: string; name: string } | null }
  | { ok: false; error: string };

export interface GitUrlPolicy {
  /** Allow file:// URLs (local development only). */
  allowFile?: boolean;
  /** Allow http:// and loopback hosts (local development only). */
  allowInsecure?: boolean;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function checkGitUrl(input: string, policy: GitUrlPolicy = {}): GitUrlCheck {
  const raw = input.trim();
  if (raw.length === 0) return { ok: false, error: "Enter a git URL." };
  if (raw.length > 2_048) return { ok: false, error: "That URL is too long." };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      ok: false,
      error: "That is not a URL. Use the https clone URL, e.g. https://github.com/owner/name.git",
    };
  }
  if (url.protocol === "file:") {
    if (!policy.allowFile) {
      return { ok: false, error: "file:// URLs are only allowed in local development." };
    }
    return { ok: true, url: url.href, host: "", github: null };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, error: `Only https git URLs are supported, not ${url.protocol}//` };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      error: "Remove the credentials from the URL; private repositories use your GitHub sign-in.",
    };
  }
  const host = url.hostname.toLowerCase();
  const insecure = url.protocol === "http:" || LOOPBACK.test(host);
  if (insecure && !policy.allowInsecure) {
    return {
      ok: false,
      error: "Only https URLs on public hosts are allowed (http and loopback are for development).",
    };
  }
  url.hash = "";
  url.search = "";
  const github = host === "github.com" ? parseGithubPath(url.pathname) : null;
  return { ok: true, url: url.href, host, github };
}

function parseGithubPath(pathname: string): { owner: string; name: string } | null {
  const match = /^\/([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100}?)(?:\.git)?\/?$/.exec(pathname);
  if (!match?.[1] || !match[2]) return null;
  return { owner: match[1], name: match[2] };
}
