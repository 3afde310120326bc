/**
 * Fair use: the per-user limits an operator sets in the Convex environment, their defaults,
 * and the models users may choose. Convex enforces them (convex/lib/quota.ts); the web app
 * shows what is used against them (quota.mine). Pure functions only: no environment access.
 *
 * Windows are calendar windows in UTC: "per day" resets at 00:00 UTC, "per month" on the 1st
 * at 00:00 UTC, the way the model provider bills.
 */
import { DEFAULT_MODEL, MODEL_IDS, type ModelId } from "./models.ts";

export const QUOTA_KINDS = [
  /** Queued or running jobs at once. */
  "activeJobs",
  /** Jobs requested (new or retried) in the current UTC day. */
  "jobsPerDay",
  /** Repositories a user keeps (added by URL or synced). */
  "repositories",
  /** Model cost (USD) of the jobs that finished in the current UTC day. */
  "spendPerDay",
  /** Model cost (USD) of the jobs that finished in the current UTC month. */
  "spendPerMonth",
] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];

/**
 * The limits on questions asked of a course (issue 16). Convex counts them from the question
 * rows when a question is asked (convex/lib/questionLimits.ts), not in quota.mine's lines,
 * so they are kept apart from QUOTA_KINDS; a refusal names them as its `kind`.
 */
export const QUESTION_QUOTA_KINDS = [
  /** Questions asked in the current UTC day. */
  "questionsPerDay",
  /** Questions queued or being answered at once. */
  "openQuestions",
] as const;
export type QuestionQuotaKind = (typeof QUESTION_QUOTA_KINDS)[number];

/** Every kind a `limit_reached` refusal may name. */
export const LIMIT_KINDS = [...QUOTA_KINDS, ...QUESTION_QUOTA_KINDS] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

/** The Convex environment variable of each limit (`npx convex env set NAME value`). */
export const QUOTA_ENV: Record<QuotaKind, string> = {
  activeJobs: "FONDATION_MAX_ACTIVE_JOBS_PER_USER",
  jobsPerDay: "FONDATION_MAX_JOBS_PER_DAY",
  repositories: "FONDATION_MAX_REPOSITORIES_PER_USER",
  spendPerDay: "FONDATION_MAX_SPEND_USD_PER_DAY",
  spendPerMonth: "FONDATION_MAX_SPEND_USD_PER_MONTH",
};

/**
 * Defaults of a shared deployment. A course on the benchmark repository costs about $1.40
 * with the default model (bench/README.md), so $5 a day is three or four courses and $50 a
 * month about thirty-five; a running job may overshoot a spend cap by at most the cost of
 * `activeJobs` courses, since spend is counted when a job finishes.
 */
export const QUOTA_DEFAULTS: Record<QuotaKind, number> = {
  activeJobs: 2,
  jobsPerDay: 20,
  repositories: 100,
  spendPerDay: 5,
  spendPerMonth: 50,
};

/** The operator's list of models users may choose: ids separated by commas, or `all`. */
export const ALLOWED_MODELS_ENV = "FONDATION_ALLOWED_MODELS";

/** Highest repository limit: the dashboard lists at most this many repositories. */
export const MAX_REPOSITORIES_LIMIT = 2_000;

/** Values that turn a limit off. */
const NO_LIMIT = new Set(["unlimited", "none", "off"]);

/**
 * A limit from its environment value: a number ≥ 0 (whole for counts), `unlimited`/`none`/`off`
 * for no limit (null), and `fallback` when unset, empty or not understood.
 */
export function parseLimit(
  kind: QuotaKind,
  raw: string | undefined,
  fallback: number | null,
): number | null {
  const text = raw?.trim().toLowerCase() ?? "";
  if (text === "") return fallback;
  if (NO_LIMIT.has(text)) return kind === "repositories" ? MAX_REPOSITORIES_LIMIT : null;
  if (!/^\d+(\.\d+)?$/.test(text)) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) return fallback;
  if (isSpend(kind)) return value;
  if (!Number.isInteger(value)) return fallback;
  return kind === "repositories" ? Math.min(value, MAX_REPOSITORIES_LIMIT) : value;
}

export function isSpend(kind: LimitKind): boolean {
  return kind === "spendPerDay" || kind === "spendPerMonth";
}

/**
 * The models users may choose, in the capability table's order. Unset: `fallback` (the
 * default model alone on a shared deployment). `all` or `*`: every model. Unknown ids are
 * ignored; a list with no known id falls back to the default model alone, never to none.
 */
export function parseAllowedModels(
  raw: string | undefined,
  fallback: readonly ModelId[] = [DEFAULT_MODEL],
): ModelId[] {
  const text = raw?.trim() ?? "";
  if (text === "") return [...fallback];
  const names = text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (names.includes("all") || names.includes("*")) return [...MODEL_IDS];
  const allowed = MODEL_IDS.filter((id) => names.includes(id));
  return allowed.length > 0 ? allowed : [DEFAULT_MODEL];
}

/** The model a request form starts on: the default model if allowed, else the first allowed. */
export function preferredModel(allowed: readonly ModelId[]): ModelId {
  return allowed.includes(DEFAULT_MODEL) ? DEFAULT_MODEL : (allowed[0] ?? DEFAULT_MODEL);
}

/** `YYYY-MM-DD` of the UTC day holding `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first UTC day of the month holding `ms`, `YYYY-MM-01`. */
export function utcMonthStart(ms: number): string {
  return `${utcDay(ms).slice(0, 7)}-01`;
}

/** When the UTC day holding `ms` ends (the next 00:00 UTC). */
export function nextUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** When the UTC month holding `ms` ends (the 1st of the next month, 00:00 UTC). */
export function nextUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** One limit as its user sees it: what is used, the limit (null: none), when it resets. */
export type QuotaLine = {
  kind: QuotaKind;
  used: number;
  limit: number | null;
  /** Epoch ms of the next reset, for the per-day and per-month limits. */
  resetsAt?: number;
};

/** The data of the ConvexError a refused request carries (`code: "limit_reached"`). */
export type LimitReachedData = QuotaLine & {
  code: "limit_reached";
  message: string;
  limit: number;
};

/** The data of the ConvexError for a model outside the operator's list. */
export type ModelNotAllowedData = {
  code: "model_not_allowed";
  message: string;
  model: string;
  allowed: ModelId[];
};
