/**
 * Which credentials a clone offers. A job is cloned with its owner's own GitHub token (their
 * GitHub OAuth token, fetched at run time from Clerk's Backend API, never stored) or with
 * none. The operator's GITHUB_TOKEN is never a fallback for someone else: it serves only the
 * repositories the operator names in GITHUB_TOKEN_REPOS, for whoever asks. Either token is
 * offered only to a URL that is exactly https://github.com/<owner>/<name>.git (the clone
 * client then keeps it inside that repository's path). Never logged; errors from Clerk
 * carry no token.
 */
import { type GithubRepoRef, githubRepoOfCloneUrl } from "@fondation/shared";
import { JobFailure } from "../jobFailure.ts";

export interface TokenConfig {
  githubToken: string | undefined;
  /** Repositories GITHUB_TOKEN may clone: `owner/name` or `owner/*`, lower case. */
  githubTokenRepos: readonly string[];
  clerkSecretKey: string | undefined;
  clerkApiUrl: string;
}

export interface CloneAuth {
  username: string;
  password: string;
  source: "clerk" | "operator";
}

/** True when GITHUB_TOKEN_REPOS names this repository (GitHub names ignore case). */
export function operatorTokenServes(repo: GithubRepoRef, allowList: readonly string[]): boolean {
  const owner = repo.owner.toLowerCase();
  const full = `${owner}/${repo.name.toLowerCase()}`;
  return allowList.some((entry) => entry === full || entry === `${owner}/*`);
}

export async function resolveCloneAuth(
  repository: { url: string; private: boolean },
  owner: { clerkUserId?: string; tokenIdentifier?: string } | undefined,
  config: TokenConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<CloneAuth | undefined> {
  const github = githubRepoOfCloneUrl(repository.url);
  if (!github) return undefined;
  if (config.githubToken && operatorTokenServes(github, config.githubTokenRepos)) {
    return { username: "x-access-token", password: config.githubToken, source: "operator" };
  }
  // A Clerk identity's tokenIdentifier is `issuer|subject`; the subject is the user id.
  const clerkUserId = owner?.clerkUserId ?? owner?.tokenIdentifier?.split("|").pop();
  if (clerkUserId && config.clerkSecretKey) {
    const token = await fetchClerkGithubToken(clerkUserId, config, fetchImpl, repository.private);
    if (token) return { username: "x-access-token", password: token, source: "clerk" };
  }
  return undefined;
}

/** The user's GitHub OAuth access token from Clerk, or undefined when they have none. */
export async function fetchClerkGithubToken(
  userId: string,
  config: Pick<TokenConfig, "clerkSecretKey" | "clerkApiUrl">,
  fetchImpl: typeof fetch = fetch,
  required = false,
): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(userId)) return undefined;
  const url = `${config.clerkApiUrl}/v1/users/${userId}/oauth_access_tokens/oauth_github`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { authorization: `Bearer ${config.clerkSecretKey}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    if (!required) return undefined;
    throw new JobFailure(
      "clone_failed",
      "Could not reach the sign-in service to get your GitHub access.",
      true,
    );
  }
  if (response.status === 404 || response.status === 422) return undefined;
  if (!response.ok) {
    if (!required) return undefined;
    throw new JobFailure(
      response.status === 401 || response.status === 403 ? "internal" : "clone_failed",
      `The sign-in service answered ${response.status} when asked for your GitHub access. ${response.status >= 500 ? "It is probably a temporary problem." : "An operator must check CLERK_SECRET_KEY."}`,
      response.status >= 500,
    );
  }
  const body = (await response.json().catch(() => null)) as unknown;
  const list = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(list)) return undefined;
  for (const item of list) {
    const token = (item as { token?: unknown }).token;
    if (typeof token === "string" && token.length > 0) return token;
  }
  return undefined;
}
