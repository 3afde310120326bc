/**
 * A user's repositories: added by URL, or synced from GitHub (from a list the caller
 * provides, or fetched by an action with a GitHub token that is used once and never stored).
 * Written and read by the web app, as the owning user. Nothing a browser says about a GitHub
 * repository is trusted beyond its owner/name: the clone URL is derived from them, and the
 * private flag comes only from GitHub itself (syncFromGithub).
 */
import {
  checkGitUrl,
  type GitUrlPolicy,
  githubCloneUrl,
  isGithubName,
  isGithubOwner,
  MAX_REPOSITORIES_LIMIT,
} from "@fondation/shared/core";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import {
  action,
  internalMutation,
  type MutationCtx,
  mutation,
  type QueryCtx,
  query,
} from "./_generated/server";
import {
  currentUser,
  ensureUserByToken,
  profileFromIdentity,
  requireIdentity,
  requireUser,
} from "./lib/auth.ts";
import { userError } from "./lib/errors.ts";
import { fetchGithubRepos } from "./lib/github.ts";
import { ownRepository } from "./lib/ownership.ts";
import * as quota from "./lib/quota.ts";
import {
  courseSummary,
  jobView,
  repositoryView,
  toCourseSummary,
  toJobView,
  toRepositoryView,
} from "./lib/views.ts";

/**
 * Repositories accepted by one sync call (GitHub's list is read up to 1,000 too). A sync adds
 * new rows only up to the user's repository limit (FONDATION_MAX_REPOSITORIES_PER_USER) and
 * rewrites an existing row only when something changed.
 */
export const MAX_SYNC_REPOS = 1_000;

const syncResult = { added: v.number(), updated: v.number(), skipped: v.number() };

/** A GitHub repository as a browser may name it: no clone URL, no private flag. */
const githubRepoInput = v.object({
  owner: v.string(),
  name: v.string(),
  defaultBranch: v.string(),
});

/** A repository as GitHub described it to syncFromGithub (server side, the user's token). */
const fetchedGithubRepo = v.object({ ...githubRepoInput.fields, private: v.boolean() });

/** `private` is absent when the description came from a browser. */
type GithubRepoInput = typeof githubRepoInput.type & { private?: boolean };

const repositoryItem = v.object({
  ...repositoryView.fields,
  latestCourse: v.union(v.null(), courseSummary),
  activeJob: v.union(v.null(), jobView),
});

/** http, loopback and file:// URLs only where the deployment says it is local development. */
function gitUrlPolicy(): GitUrlPolicy {
  const local = process.env.ALLOW_LOCAL_GIT_URLS === "true";
  return { allowFile: local, allowInsecure: local };
}

/** The last path segment without `.git`, percent-decoded (`file:///srv/my%20app` → "my app"). */
function nameFromUrl(url: string): string {
  const last = (url.replace(/\/+$/, "").split("/").pop() ?? "").replace(/\.git$/, "");
  try {
    return decodeURIComponent(last) || url;
  } catch {
    return last || url;
  }
}

/** A repository with its latest course and its active job, for the owner's lists. */
async function toItem(
  ctx: QueryCtx,
  repo: Doc<"repositories">,
): Promise<typeof repositoryItem.type> {
  const course = repo.latestCourseId ? await ctx.db.get(repo.latestCourseId) : null;
  const active = await ctx.db
    .query("jobs")
    .withIndex("by_repository_active", (q) => q.eq("repositoryId", repo._id).eq("active", true))
    .first();
  return {
    ...toRepositoryView(repo),
    latestCourse: course && course.status === "complete" ? toCourseSummary(course) : null,
    activeJob: active ? toJobView(active) : null,
  };
}

/** Checks one GitHub repository description; throws invalid_argument naming the bad field. */
function checkGithubRepo(repo: GithubRepoInput): { url: string; host: string } {
  const label = `${repo.owner}/${repo.name}`.slice(0, 200);
  if (!isGithubOwner(repo.owner) || !isGithubName(repo.name)) {
    throw userError("invalid_argument", `"${label}" is not a valid GitHub owner/name.`);
  }
  if (repo.defaultBranch.length === 0 || repo.defaultBranch.length > 255) {
    throw userError(
      "invalid_argument",
      `The default branch of ${label} must be 1 to 255 characters.`,
    );
  }
  // Derived, never taken from the caller: a GitHub token goes to exactly this URL.
  return { url: githubCloneUrl(repo), host: "github.com" };
}

/**
 * Inserts or updates GitHub repositories for an owner, after checking every one of them.
 * New repositories past the user's limit are not added (`skipped`).
 */
async function upsertGithubRepos(
  ctx: MutationCtx,
  ownerId: Id<"users">,
  repos: readonly GithubRepoInput[],
): Promise<{ added: number; updated: number; skipped: number }> {
  if (repos.length > MAX_SYNC_REPOS) {
    throw userError("invalid_argument", `Send at most ${MAX_SYNC_REPOS} repositories per sync.`);
  }
  // Check everything first, so a bad entry writes nothing.
  const checked = repos.map((repo) => ({ repo, ...checkGithubRepo(repo) }));
  const now = Date.now();
  const { room } = await quota.repositoryRoom(ctx, ownerId);
  let added = 0;
  let updated = 0;
  let skipped = 0;
  for (const { repo, url, host } of checked) {
    const key = `github:${repo.owner}/${repo.name}`.toLowerCase();
    const fields = {
      source: "github" as const,
      url,
      host,
      github: { owner: repo.owner, name: repo.name },
      name: `${repo.owner}/${repo.name}`,
      defaultBranch: repo.defaultBranch,
      // Only GitHub's own answer sets the flag; a browser's list leaves it as it was.
      ...(repo.private === undefined ? {} : { private: repo.private }),
      updatedAt: now,
    };
    const existing = await ctx.db
      .query("repositories")
      .withIndex("by_owner_key", (q) => q.eq("ownerId", ownerId).eq("key", key))
      .unique();
    if (existing) {
      if (!unchanged(existing, fields)) await ctx.db.patch(existing._id, fields);
      updated += 1;
    } else if (added >= room) {
      skipped += 1;
    } else {
      await ctx.db.insert("repositories", {
        ownerId,
        key,
        private: false,
        ...fields,
        createdAt: now,
      });
      added += 1;
    }
  }
  return { added, updated, skipped };
}

/** True when patching `row` with `fields` would change nothing but updatedAt. */
function unchanged(
  row: Doc<"repositories">,
  fields: Partial<Doc<"repositories">> & { github: { owner: string; name: string } },
): boolean {
  return (
    row.url === fields.url &&
    row.host === fields.host &&
    row.name === fields.name &&
    row.defaultBranch === fields.defaultBranch &&
    row.github?.owner === fields.github.owner &&
    row.github?.name === fields.github.name &&
    (fields.private === undefined || row.private === fields.private)
  );
}

/** The signed-in user's repositories, each with its latest course and active job. */
export const list = query({
  args: {},
  returns: v.array(repositoryItem),
  handler: async (ctx) => {
    const user = await currentUser(ctx);
    if (!user) return [];
    const repos = await ctx.db
      .query("repositories")
      .withIndex("by_owner", (q) => q.eq("ownerId", user._id))
      .take(MAX_REPOSITORIES_LIMIT);
    repos.sort((a, b) => a.name.localeCompare(b.name));
    return await Promise.all(repos.map((repo) => toItem(ctx, repo)));
  },
});

/** One of the user's repositories, with its latest course and active job. */
export const get = query({
  args: { repositoryId: v.id("repositories") },
  returns: repositoryItem,
  handler: async (ctx, { repositoryId }) => {
    const repo = await ownRepository(ctx, await currentUser(ctx), repositoryId);
    return await toItem(ctx, repo);
  },
});

/** Adds a repository from a git URL (https; no credentials); returns the existing one if already added. */
export const addByUrl = mutation({
  args: { url: v.string() },
  returns: v.object({ repositoryId: v.id("repositories"), created: v.boolean() }),
  handler: async (ctx, { url }) => {
    const user = await requireUser(ctx);
    const checked = checkGitUrl(url, gitUrlPolicy());
    if (!checked.ok) throw userError("invalid_argument", checked.error);
    const github = checked.github;
    const key = github
      ? `github:${github.owner}/${github.name}`.toLowerCase()
      : `url:${checked.url}`;
    const existing = await ctx.db
      .query("repositories")
      .withIndex("by_owner_key", (q) => q.eq("ownerId", user._id).eq("key", key))
      .unique();
    if (existing) return { repositoryId: existing._id, created: false };
    await quota.checkNewRepository(ctx, user._id);
    const now = Date.now();
    const name = github ? `${github.owner}/${github.name}` : nameFromUrl(checked.url);
    const repositoryId = await ctx.db.insert("repositories", {
      ownerId: user._id,
      key,
      source: github ? "github" : "url",
      // For GitHub, checkGitUrl gives the derived https://github.com/<owner>/<name>.git.
      url: checked.url,
      host: checked.host,
      ...(github ? { github } : {}),
      name,
      private: false,
      createdAt: now,
      updatedAt: now,
    });
    return { repositoryId, created: true };
  },
});

/**
 * Upserts the user's GitHub repositories from a list the caller provides (nothing is
 * deleted). Only owner, name and default branch are taken: the clone URL is derived and a
 * new row is not marked private (the worker clones it with the user's own token, or none).
 */
export const syncGithub = mutation({
  args: { repos: v.array(githubRepoInput) },
  returns: v.object(syncResult),
  handler: async (ctx, { repos }) => {
    const user = await requireUser(ctx);
    return await upsertGithubRepos(ctx, user._id, repos);
  },
});

/** Internal half of syncFromGithub: upserts fetched repositories for the identity that fetched them. */
export const upsertFetchedGithubRepos = internalMutation({
  args: {
    tokenIdentifier: v.string(),
    profile: v.object({
      name: v.optional(v.string()),
      githubLogin: v.optional(v.string()),
      avatarUrl: v.optional(v.string()),
      email: v.optional(v.string()),
    }),
    repos: v.array(fetchedGithubRepo),
  },
  returns: v.object(syncResult),
  handler: async (ctx, { tokenIdentifier, profile, repos }) => {
    const user = await ensureUserByToken(ctx, tokenIdentifier, profile);
    return await upsertGithubRepos(ctx, user._id, repos);
  },
});

/**
 * Fetches the signed-in user's repositories from the GitHub REST API with `token` (used for
 * this call only: never stored, never logged) and upserts them.
 */
export const syncFromGithub = action({
  args: { token: v.string() },
  returns: v.object({ fetched: v.number(), ...syncResult }),
  handler: async (
    ctx,
    { token },
  ): Promise<{ fetched: number; added: number; updated: number; skipped: number }> => {
    const identity = await requireIdentity(ctx);
    if (token.trim().length === 0 || token.length > 1_000) {
      throw userError("invalid_argument", "Pass the GitHub access token of the signed-in user.");
    }
    const repos = await fetchGithubRepos(token.trim(), process.env.GITHUB_API_URL);
    const { added, updated, skipped } = await ctx.runMutation(
      internal.repositories.upsertFetchedGithubRepos,
      {
        tokenIdentifier: identity.tokenIdentifier,
        profile: profileFromIdentity(identity),
        repos,
      },
    );
    return { fetched: repos.length, added, updated, skipped };
  },
});
