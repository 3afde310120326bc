/**
 * Fair use (issue 11): the per-user limits of shared/src/quota.ts, read from the Convex
 * environment on every call (a change with `npx convex env set` applies at once), checked in
 * the mutations that create work, and counted from the rows themselves (active jobs, the
 * repositories) or from `usageDays` (jobs requested and model cost per UTC day).
 *
 * A job that ends already up to date (lib/upToDate.ts) did no work and cost nothing: its
 * count is given back to the day it was counted (refundJob), so re-asking is free.
 *
 * A local development deployment (ALLOW_LOCAL_GIT_URLS=true, which a real deployment never
 * sets) has no default limits and offers every model: one developer on their own machine and
 * key. A value set explicitly applies there too.
 */
import {
  ALLOWED_MODELS_ENV,
  DEFAULT_MODEL,
  findModel,
  MAX_REPOSITORIES_LIMIT,
  MODEL_IDS,
  type ModelId,
  nextUtcDay,
  nextUtcMonth,
  parseAllowedModels,
  parseLimit,
  QUOTA_DEFAULTS,
  QUOTA_ENV,
  QUOTA_KINDS,
  type QuotaKind,
  type QuotaLine,
  utcDay,
  utcMonthStart,
} from "@fondation/shared/core";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { limitError, modelError } from "./errors.ts";

/** Rows counted for display when a count has no limit ("at least" past this). */
const DISPLAY_COUNT_CAP = 1_000;

export function isLocalDevelopment(): boolean {
  return process.env.ALLOW_LOCAL_GIT_URLS === "true";
}

/** The limits in force: a number, or null for none (repositories always have one). */
export function currentLimits(): Record<QuotaKind, number | null> {
  const local = isLocalDevelopment();
  const out = {} as Record<QuotaKind, number | null>;
  for (const kind of QUOTA_KINDS) {
    const fallback = local ? null : QUOTA_DEFAULTS[kind];
    out[kind] = parseLimit(kind, process.env[QUOTA_ENV[kind]], fallback);
  }
  out.repositories ??= MAX_REPOSITORIES_LIMIT;
  return out;
}

/** The models users may choose (FONDATION_ALLOWED_MODELS). */
export function allowedModels(): ModelId[] {
  const fallback = isLocalDevelopment() ? MODEL_IDS : [DEFAULT_MODEL];
  return parseAllowedModels(process.env[ALLOWED_MODELS_ENV], fallback);
}

/** Refuses a model the operator does not offer, naming the ones it does. */
export function checkModel(model: string): void {
  const allowed = allowedModels();
  if ((allowed as readonly string[]).includes(model)) return;
  const label = (id: string) => findModel(id)?.label ?? id;
  throw modelError({
    model,
    allowed,
    message: `${label(model)} is not offered on this deployment. Choose ${allowed.map(label).join(" or ")}.`,
  });
}

async function countActiveJobs(ctx: QueryCtx, ownerId: Id<"users">, cap: number) {
  const rows = await ctx.db
    .query("jobs")
    .withIndex("by_owner_active", (q) => q.eq("ownerId", ownerId).eq("active", true))
    .take(cap);
  return rows.length;
}

async function countRepositories(ctx: QueryCtx, ownerId: Id<"users">, cap: number) {
  const rows = await ctx.db
    .query("repositories")
    .withIndex("by_owner", (q) => q.eq("ownerId", ownerId))
    .take(cap);
  return rows.length;
}

async function dayRow(ctx: QueryCtx, ownerId: Id<"users">, day: string) {
  return await ctx.db
    .query("usageDays")
    .withIndex("by_owner_day", (q) => q.eq("ownerId", ownerId).eq("day", day))
    .unique();
}

/** Cost of this UTC month so far (at most 31 rows). */
async function monthSpend(ctx: QueryCtx, ownerId: Id<"users">, now: number): Promise<number> {
  const rows = await ctx.db
    .query("usageDays")
    .withIndex("by_owner_day", (q) => q.eq("ownerId", ownerId).gte("day", utcMonthStart(now)))
    .take(32);
  return rows.reduce((sum, row) => sum + row.costUsd, 0);
}

/** What the user has used of each limit, with the limit and when it resets. */
export async function quotaLines(
  ctx: QueryCtx,
  ownerId: Id<"users"> | null,
  kinds: readonly QuotaKind[] = QUOTA_KINDS,
  now: number = Date.now(),
): Promise<QuotaLine[]> {
  const limits = currentLimits();
  const today = ownerId ? await dayRow(ctx, ownerId, utcDay(now)) : null;
  const lines: QuotaLine[] = [];
  for (const kind of kinds) {
    const limit = limits[kind];
    // Counting one past the limit is enough to refuse, and says "over" when it was lowered.
    const cap = limit === null ? DISPLAY_COUNT_CAP : limit + 1;
    let used = 0;
    if (ownerId) {
      if (kind === "activeJobs") used = await countActiveJobs(ctx, ownerId, cap);
      if (kind === "repositories") used = await countRepositories(ctx, ownerId, cap);
      if (kind === "jobsPerDay") used = today?.jobs ?? 0;
      if (kind === "spendPerDay") used = today?.costUsd ?? 0;
      if (kind === "spendPerMonth") used = await monthSpend(ctx, ownerId, now);
    }
    const resetsAt =
      kind === "jobsPerDay" || kind === "spendPerDay"
        ? nextUtcDay(now)
        : kind === "spendPerMonth"
          ? nextUtcMonth(now)
          : undefined;
    lines.push({ kind, used, limit, ...(resetsAt === undefined ? {} : { resetsAt }) });
  }
  return lines;
}

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The English sentence of a reached limit (the web app translates from the figures). */
export function limitMessage(line: QuotaLine & { limit: number }): string {
  const after =
    line.resetsAt === undefined ? "" : ` You can request more after ${utcTime(line.resetsAt)}.`;
  switch (line.kind) {
    case "activeJobs":
      return `Courses queued or being written at once: ${line.used} of ${line.limit}, the most this deployment allows. Wait for one to finish, or cancel one, then ask again.`;
    case "jobsPerDay":
      return `Courses requested today: ${line.used} of ${line.limit}, the most this deployment allows per day.${after}`;
    case "spendPerDay":
      return `Your courses cost ${usd(line.used)} today; this deployment allows ${usd(line.limit)} per day.${after}`;
    case "spendPerMonth":
      return `Your courses cost ${usd(line.used)} this month; this deployment allows ${usd(line.limit)} per month.${after}`;
    case "repositories":
      return `Repositories: ${line.used} of ${line.limit}, the most this deployment allows. Request courses for the ones you have.`;
  }
}

function refuseReached(lines: readonly QuotaLine[]): void {
  for (const line of lines) {
    const { limit } = line;
    if (limit === null) continue;
    // A count is full at its limit (one more would pass it); a spend cap once the cost meets it.
    if (line.used >= limit)
      throw limitError({ ...line, limit, message: limitMessage({ ...line, limit }) });
  }
}

/** Before a new job (request or retry): the model, active jobs, jobs today, spend. */
export async function checkNewJob(
  ctx: MutationCtx,
  ownerId: Id<"users">,
  model: string,
): Promise<void> {
  checkModel(model);
  refuseReached(
    await quotaLines(ctx, ownerId, ["activeJobs", "jobsPerDay", "spendPerDay", "spendPerMonth"]),
  );
}

/** Before new model work that is not a job (a question, issue 16): the spend caps only. */
export async function checkSpend(ctx: MutationCtx, ownerId: Id<"users">): Promise<void> {
  refuseReached(await quotaLines(ctx, ownerId, ["spendPerDay", "spendPerMonth"]));
}

/** Before adding one repository. */
export async function checkNewRepository(ctx: MutationCtx, ownerId: Id<"users">): Promise<void> {
  refuseReached(await quotaLines(ctx, ownerId, ["repositories"]));
}

/** How many more repositories the user may add (for a sync, which adds up to that many). */
export async function repositoryRoom(
  ctx: MutationCtx,
  ownerId: Id<"users">,
): Promise<{ room: number; limit: number }> {
  const [line] = await quotaLines(ctx, ownerId, ["repositories"]);
  const limit = line?.limit ?? MAX_REPOSITORIES_LIMIT;
  return { room: Math.max(0, limit - (line?.used ?? 0)), limit };
}

async function addToDay(
  ctx: MutationCtx,
  ownerId: Id<"users">,
  delta: { jobs?: number; costUsd?: number },
): Promise<void> {
  const now = Date.now();
  const day = utcDay(now);
  const row = await dayRow(ctx, ownerId, day);
  const jobs = delta.jobs ?? 0;
  const costUsd = delta.costUsd ?? 0;
  if (row) {
    await ctx.db.patch(row._id, {
      jobs: row.jobs + jobs,
      costUsd: row.costUsd + costUsd,
      updatedAt: now,
    });
  } else {
    await ctx.db.insert("usageDays", { ownerId, day, jobs, costUsd, updatedAt: now });
  }
}

/** Counts a job the user created (request or retry) in today's row. */
export async function recordJob(ctx: MutationCtx, ownerId: Id<"users">): Promise<void> {
  await addToDay(ctx, ownerId, { jobs: 1 });
}

/**
 * Gives back the count of a job that did no work (already up to date, lib/upToDate.ts) on the
 * day it was counted: the daily limit is on courses written, and its cost was nothing.
 */
export async function refundJob(
  ctx: MutationCtx,
  ownerId: Id<"users">,
  countedAt: number,
): Promise<void> {
  const row = await dayRow(ctx, ownerId, utcDay(countedAt));
  if (!row || row.jobs <= 0) return;
  await ctx.db.patch(row._id, { jobs: row.jobs - 1, updatedAt: Date.now() });
}

/** Adds a finished job's (or answer's) model cost to today's row. */
export async function recordSpend(
  ctx: MutationCtx,
  ownerId: Id<"users">,
  costUsd: number,
): Promise<void> {
  if (!(costUsd > 0) || !Number.isFinite(costUsd)) return;
  await addToDay(ctx, ownerId, { costUsd });
}
