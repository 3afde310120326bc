/**
 * GitHub repository names and the one clone URL derived from them. Used by Convex (every
 * repository row of source "github" gets its URL from here, never from a browser) and by
 * the worker (a GitHub token is offered only to a URL of exactly this form).
 */

export interface GithubRepoRef {
  owner: string;
  name: string;
}

/**
 * GitHub's rules for account and organisation names: letters, digits and single hyphens,
 * not at either end, at most 39 characters.
 */
const OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Repository names: letters, digits, `.`, `_` and `-`, at most 100 characters. */
const NAME_RE = /^[A-Za-z0-9._-]{1,100}$/;

export function isGithubOwner(owner: string): boolean {
  return OWNER_RE.test(owner);
}

export function isGithubName(name: string): boolean {
  // "." and ".." would change the path; a trailing ".git" would be read as the suffix.
  return NAME_RE.test(name) && name !== "." && name !== ".." && !/\.git$/i.test(name);
}

/** The only clone URL a GitHub repository has here: `https://github.com/<owner>/<name>.git`. */
export function githubCloneUrl(repo: GithubRepoRef): string {
  if (!isGithubOwner(repo.owner) || !isGithubName(repo.name)) {
    throw new Error(`not a GitHub owner/name: ${repo.owner}/${repo.name}`.slice(0, 200));
  }
  return `https://github.com/${repo.owner}/${repo.name}.git`;
}

/** `/owner/name`, `/owner/name.git` or `/owner/name/` → the names; anything else → null. */
export function parseGithubPath(pathname: string): GithubRepoRef | null {
  const match = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(pathname);
  const owner = match?.[1];
  const name = match?.[2];
  if (!owner || !name || !isGithubOwner(owner) || !isGithubName(name)) return null;
  return { owner, name };
}

/**
 * The repository a URL names when it is exactly a derived GitHub clone URL, else null:
 * the test for "may a GitHub token be offered to this URL".
 */
export function githubRepoOfCloneUrl(url: string): GithubRepoRef | null {
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\.git$/.exec(url);
  const owner = match?.[1];
  const name = match?.[2];
  if (!owner || !name || !isGithubOwner(owner) || !isGithubName(name)) return null;
  return { owner, name };
}
