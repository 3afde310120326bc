/**
 * Reads the signed-in user's repositories from the GitHub REST API (runs in an action).
 * The token is sent to GitHub only: it never appears in an error, a log or the database.
 * GitHub's clone_url is not kept: the clone URL is derived from owner/name when stored.
 */
import { isGithubName, isGithubOwner } from "@fondation/shared/core";
import { userError } from "./errors.ts";

/** Pages of 100 repositories read at most (1,000 repositories). */
const MAX_PAGES = 10;

export interface FetchedGithubRepo {
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
}

interface GithubRepoJson {
  name?: unknown;
  owner?: { login?: unknown };
  default_branch?: unknown;
  private?: unknown;
}

function toRepo(item: GithubRepoJson): FetchedGithubRepo | null {
  const owner = item.owner?.login;
  if (typeof owner !== "string" || typeof item.name !== "string") return null;
  if (!isGithubOwner(owner) || !isGithubName(item.name)) return null;
  return {
    owner,
    name: item.name,
    defaultBranch:
      typeof item.default_branch === "string" && item.default_branch ? item.default_branch : "main",
    private: item.private === true,
  };
}

/** All repositories the token's user can read (owned, collaborator, organisation member). */
export async function fetchGithubRepos(
  token: string,
  baseUrl: string = "https://api.github.com",
): Promise<FetchedGithubRepo[]> {
  const base = baseUrl.replace(/\/+$/, "");
  const repos: FetchedGithubRepo[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = `${base}/user/repos?per_page=100&page=${page}&sort=updated&affiliation=owner,collaborator,organization_member`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/vnd.github+json",
          "X-GitHub-Api-Version": "2022-11-28",
          "User-Agent": "fondation",
        },
      });
    } catch {
      throw userError("github_error", "Could not reach GitHub. Try again in a moment.");
    }
    if (response.status === 401) {
      throw userError("github_error", "GitHub refused the token (401). Sign in with GitHub again.");
    }
    if (response.status === 403 || response.status === 429) {
      throw userError(
        "github_error",
        `GitHub refused the request (${response.status}, likely a rate limit). Try again in a few minutes.`,
      );
    }
    if (!response.ok) {
      throw userError("github_error", `GitHub answered HTTP ${response.status}. Try again later.`);
    }
    const body: unknown = await response.json();
    if (!Array.isArray(body)) {
      throw userError("github_error", "GitHub answered something that is not a repository list.");
    }
    for (const item of body as GithubRepoJson[]) {
      const repo = toRepo(item);
      if (repo) repos.push(repo);
    }
    if (body.length < 100) break;
  }
  return repos;
}
