/**
 * Validates a git URL a person typed. Used by Convex (before a repository is stored) and
 * the worker (before a clone). Credentials must never be stored in a URL. Only https URLs
 * on public host names pass in production (see gitHost.ts); a GitHub URL must name one
 * repository and comes back as its derived clone URL (githubRepo.ts).
 */
import { checkGitHost } from "./gitHost.ts";
import { type GithubRepoRef, githubCloneUrl, parseGithubPath } from "./githubRepo.ts";

export type GitUrlCheck =
  | { ok: true; url: string; host: string; github: GithubRepoRef | null }
  | { ok: false; error: string };

export interface GitUrlPolicy {
  /** Allow file:// URLs (local development only). */
  allowFile?: boolean;
  /** Allow http:// and loopback hosts (local development only). */
  allowInsecure?: boolean;
}

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
  if (url.protocol === "http:" && !policy.allowInsecure) {
    return {
      ok: false,
      error: "Only https git URLs are accepted: http:// is for local development only.",
    };
  }
  const hostCheck = checkGitHost(url.hostname, { allowLoopback: policy.allowInsecure === true });
  if (!hostCheck.ok) return hostCheck;
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  if (host === "github.com") {
    // The token of a GitHub user goes to exactly https://github.com/<owner>/<name>.git, so a
    // GitHub URL must be that and nothing else (no other port, scheme or path).
    const github = parseGithubPath(url.pathname);
    if (!github || url.protocol !== "https:" || url.port !== "") {
      return {
        ok: false,
        error: "A GitHub URL names one repository: https://github.com/owner/name",
      };
    }
    return { ok: true, url: githubCloneUrl(github), host, github };
  }
  url.hash = "";
  url.search = "";
  return { ok: true, url: url.href, host, github: null };
}
