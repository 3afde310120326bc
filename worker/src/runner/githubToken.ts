/**
 * Which credentials a clone offers. A GitHub token goes to github.com only (or to a
 * loopback test server when local git is allowed): the job owner's GitHub OAuth token,
 * fetched at run time from Clerk's Backend API and never stored, or GITHUB_TOKEN for a
 * self-hosted worker. Never logged; errors from Clerk carry no token.
 */
import { JobFailure } from "../jobFailure.ts";

export interface TokenConfig {
  githubToken: string | undefined;
  clerkSecretKey: string | undefined;
  clerkApiUrl: string;
  allowLocalGit: boolean;
}

export interface CloneAuth {
  username: string;
  password: string;
  source: "clerk" | "env";
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export async function resolveCloneAuth(
  repository: { url: string; host: string; private: boolean },
  owner: { clerkUserId?: string; tokenIdentifier?: string } | undefined,
  config: TokenConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<CloneAuth | undefined> {
  // A Clerk identity's tokenIdentifier is `issuer|subject`; the subject is the user id.
  const clerkUserId = owner?.clerkUserId ?? owner?.tokenIdentifier?.split("|").pop();
  const host = repository.host.toLowerCase();
  const isGithub = host === "github.com";
  const isLocal = config.allowLocalGit && LOOPBACK.test(host);
  if (!isGithub && !isLocal) return undefined;
  if (clerkUserId && config.clerkSecretKey) {
    const token = await fetchClerkGithubToken(clerkUserId, config, fetchImpl, repository.private);
    if (token) return { username: "x-access-token", password: token, source: "clerk" };
  }
  if (config.githubToken) {
    return { username: "x-access-token", password: config.githubToken, source: "env" };
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
      "Could not reach the sign-in service to get your GitHub access. The job will be retried.",
      true,
    );
  }
  if (response.status === 404 || response.status === 422) return undefined;
  if (!response.ok) {
    if (!required) return undefined;
    throw new JobFailure(
      response.status === 401 || response.status === 403 ? "internal" : "clone_failed",
      `The sign-in service answered ${response.status} when asked for your GitHub access. ${response.status >= 500 ? "The job will be retried." : "An operator must check CLERK_SECRET_KEY."}`,
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
