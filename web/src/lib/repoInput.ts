/**
 * What a person typed in "add a repository" → the URL sent to Convex. In local mode (the
 * app and the worker on the person's own machine) an absolute path of a git repository is
 * accepted and becomes a file:// URL, which the local Convex backend accepts
 * (ALLOW_LOCAL_GIT_URLS=true) and the local worker clones (ALLOW_LOCAL_GIT=1). Anything else
 * is sent as typed (trimmed): the server checks URLs and says what is wrong.
 */

/** True when the input looks like an absolute POSIX path rather than a URL. */
export function isLocalPath(input: string): boolean {
  return input.trim().startsWith("/");
}

/** `/home/me/my repo/` → `file:///home/me/my%20repo` (each segment percent-encoded). */
export function localPathToFileUrl(path: string): string {
  const segments = path
    .trim()
    .split("/")
    .filter((segment) => segment !== "");
  return `file:///${segments.map(encodeURIComponent).join("/")}`;
}

export function repositoryUrlFromInput(
  input: string,
  options: { allowLocalPath: boolean },
): string {
  const trimmed = input.trim();
  return options.allowLocalPath && isLocalPath(trimmed) ? localPathToFileUrl(trimmed) : trimmed;
}
