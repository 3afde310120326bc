/**
 * Fair use (issue 11): each per-user limit refused with its message and accepted under it,
 * the model allow-list, the bounded GitHub sync, and quota.mine. Each abuse the issue
 * reproduced is a test named after it.
 */
import { MAX_REPOSITORIES_LIMIT, QUOTA_DEFAULTS } from "@fondation/shared/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import {
  addRepo,
  errorData,
  OPTIONS,
  SECRET,
  setup,
  type T,
  type UserT,
} from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

type LimitData = {
  code: string;
  message: string;
  kind?: string;
  used?: number;
  limit?: number;
  resetsAt?: number;
  allowed?: string[];
};

const limitData = (p: Promise<unknown>) => errorData(p) as Promise<LimitData>;

const DAY = 24 * 60 * 60 * 1000;
/** 2031-03-14 10:00 UTC: mid-day, mid-month. */
const T0 = Date.UTC(2031, 2, 14, 10);

function lift(...names: string[]) {
  for (const name of names) vi.stubEnv(name, "unlimited");
}

async function request(
  user: UserT,
  repositoryId: Id<"repositories"> | undefined,
  model: string = OPTIONS.model,
) {
  if (!repositoryId) throw new Error("no repository");
  return await user.mutation(api.jobs.request, {
    repositoryId,
    options: { language: "en", model } as typeof OPTIONS,
  });
}

/** Runs a job to success through the worker API, reporting `costUsd` as its usage. */
async function succeedWithCost(t: T, jobId: Id<"jobs">, costUsd: number) {
  const claim = await t.mutation(api.workerApi.claim, {
    secret: SECRET,
    jobId,
    workerId: "w",
    leaseMs: 60_000,
  });
  if (!claim || "notDue" in claim) throw new Error("claim returned null");
  const fence = { secret: SECRET, jobId, attempt: claim.attempt, workerId: "w" };
  const begun = await t.mutation(api.workerApi.beginPublish, {
    ...fence,
    course: {
      title: "T",
      summary: "S",
      language: "en",
      model: OPTIONS.model,
      abstractions: [],
      relationships: [],
    },
    lessons: [
      {
        kind: "chapter",
        slug: "one",
        title: "One",
        citations: [],
        prev: null,
        next: null,
        partCount: 1,
      },
    ],
  });
  if (!begun.ok) throw new Error(begun.message);
  await t.mutation(api.workerApi.addLessonPart, {
    ...fence,
    courseId: begun.courseId,
    slug: "one",
    index: 0,
    markdown: "# One",
  });
  const done = await t.mutation(api.workerApi.completePublish, {
    ...fence,
    courseId: begun.courseId,
    usage: {
      inputTokens: 1,
      outputTokens: 1,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
      costUsd,
    },
  });
  if (!done.ok) throw new Error(done.message);
}

const countRows = (t: T, table: "jobs" | "repositories") =>
  t.run(async (ctx) => (await ctx.db.query(table).collect()).length);

describe("repositories per user", () => {
  test("issue 11, 200 repositories in 5 s: addByUrl stops at the limit (default 100) with limit_reached", async () => {
    const { t, alice, bob } = setup();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => addRepo(alice, `spam/r${i}`)),
    );
    const accepted = results.filter((r) => r.status === "fulfilled").length;
    expect(accepted).toBe(QUOTA_DEFAULTS.repositories);
    expect(await countRows(t, "repositories")).toBe(100);
    const refused = await limitData(addRepo(alice, "spam/one-more"));
    expect(refused).toMatchObject({
      code: "limit_reached",
      kind: "repositories",
      used: 100,
      limit: 100,
    });
    expect(refused.message).toMatch(
      /^Repositories: 100 of 100, the most this deployment allows\. Request courses for the ones you have\.$/,
    );
    // One already added is still found (no new row), and other users are not affected.
    expect(
      await alice.mutation(api.repositories.addByUrl, { url: "https://github.com/spam/r0" }),
    ).toMatchObject({ created: false });
    await expect(addRepo(bob, "bob/tool")).resolves.toBeTruthy();
  });

  test("FONDATION_MAX_REPOSITORIES_PER_USER sets it; a lowered limit refuses new ones only", async () => {
    const { alice } = setup();
    vi.stubEnv("FONDATION_MAX_REPOSITORIES_PER_USER", "3");
    for (const name of ["a/1", "a/2", "a/3"]) await addRepo(alice, name);
    expect((await limitData(addRepo(alice, "a/4"))).limit).toBe(3);
    vi.stubEnv("FONDATION_MAX_REPOSITORIES_PER_USER", "2");
    const over = await limitData(addRepo(alice, "a/4"));
    expect(over).toMatchObject({ kind: "repositories", used: 3, limit: 2 });
    vi.stubEnv("FONDATION_MAX_REPOSITORIES_PER_USER", "unlimited");
    await expect(addRepo(alice, "a/4")).resolves.toBeTruthy();
  });

  test("issue 11, 3,000 synced rows: a sync adds new rows up to the limit and skips the rest", async () => {
    const { t, alice } = setup();
    let added = 0;
    let skipped = 0;
    for (let call = 0; call < 3; call++) {
      const repos = Array.from({ length: 1000 }, (_, i) => ({
        owner: "spam",
        name: `r${call}-${i}`,
        defaultBranch: "main",
      }));
      const result = await alice.mutation(api.repositories.syncGithub, { repos });
      added += result.added;
      skipped += result.skipped;
    }
    expect({ added, skipped }).toEqual({ added: 100, skipped: 2900 });
    expect(await countRows(t, "repositories")).toBe(100);
  });

  test("a sync of an unchanged list writes nothing; a changed row is updated", async () => {
    const { t, alice } = setup();
    const repos = Array.from({ length: 50 }, (_, i) => ({
      owner: "acme",
      name: `r${i}`,
      defaultBranch: "main",
    }));
    await alice.mutation(api.repositories.syncGithub, { repos });
    const stamps = async () =>
      t.run(async (ctx) =>
        (await ctx.db.query("repositories").collect()).map((r) => [r.name, r.updatedAt]),
      );
    const before = await stamps();
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ["Date"] });
    expect(await alice.mutation(api.repositories.syncGithub, { repos })).toEqual({
      added: 0,
      updated: 50,
      skipped: 0,
    });
    expect(await stamps()).toEqual(before);
    await alice.mutation(api.repositories.syncGithub, {
      repos: [{ owner: "acme", name: "r0", defaultBranch: "dev" }],
    });
    const after = await stamps();
    expect(after.filter(([, at], i) => at !== before[i]?.[1])).toHaveLength(1);
  });

  test("the limit never exceeds what the dashboard lists", async () => {
    const { alice } = setup();
    vi.stubEnv("FONDATION_MAX_REPOSITORIES_PER_USER", "999999");
    const mine = await alice.query(api.quota.mine, {});
    expect(mine.lines.find((l) => l.kind === "repositories")?.limit).toBe(MAX_REPOSITORIES_LIMIT);
  });
});

describe("active jobs per user", () => {
  test("issue 11, 200 queued jobs: the third active job is refused (default 2), nothing written", async () => {
    const { t, alice, bob } = setup();
    lift("FONDATION_MAX_REPOSITORIES_PER_USER");
    const repos = [];
    for (let i = 0; i < 200; i++) repos.push(await addRepo(alice, `spam/r${i}`));
    const results = await Promise.allSettled(repos.map((id) => request(alice, id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(await countRows(t, "jobs")).toBe(2);
    const refused = await limitData(request(alice, repos[199]));
    expect(refused).toMatchObject({ code: "limit_reached", kind: "activeJobs", used: 2, limit: 2 });
    expect(refused.message).toMatch(
      /^Courses queued or being written at once: 2 of 2, the most this deployment allows\./,
    );
    expect(refused.message).toMatch(/cancel one/);
    // Another user is not affected.
    await expect(request(bob, await addRepo(bob, "bob/tool"))).resolves.toMatchObject({
      created: true,
    });
  });

  test("a canceled job frees its place; a second request for the same repository still dedupes", async () => {
    const { alice } = setup();
    const a = await addRepo(alice, "a/1");
    const b = await addRepo(alice, "a/2");
    const c = await addRepo(alice, "a/3");
    const first = await request(alice, a);
    await request(alice, b);
    // At the limit, asking again for a repository with an active job returns that job.
    expect(await request(alice, a)).toEqual({ jobId: first.jobId, created: false });
    expect((await limitData(request(alice, c))).kind).toBe("activeJobs");
    await alice.mutation(api.jobs.cancel, { jobId: first.jobId });
    await expect(request(alice, c)).resolves.toMatchObject({ created: true });
  });

  test("FONDATION_MAX_ACTIVE_JOBS_PER_USER sets it, retries included", async () => {
    const { alice } = setup();
    vi.stubEnv("FONDATION_MAX_ACTIVE_JOBS_PER_USER", "1");
    const a = await addRepo(alice, "a/1");
    const b = await addRepo(alice, "a/2");
    const { jobId } = await request(alice, a);
    await alice.mutation(api.jobs.cancel, { jobId });
    await request(alice, b);
    const refused = await limitData(alice.mutation(api.jobs.retry, { jobId }));
    expect(refused).toMatchObject({ kind: "activeJobs", limit: 1 });
  });
});

describe("jobs per day", () => {
  test("the 21st request of a UTC day is refused (default 20) until 00:00 UTC", async () => {
    vi.useFakeTimers({ now: T0, toFake: ["Date"] });
    const { alice } = setup();
    lift("FONDATION_MAX_ACTIVE_JOBS_PER_USER");
    const repos = [];
    for (let i = 0; i < 21; i++) repos.push(await addRepo(alice, `a/r${i}`));
    for (const id of repos.slice(0, 20)) await request(alice, id);
    const refused = await limitData(request(alice, repos[20]));
    expect(refused).toMatchObject({
      code: "limit_reached",
      kind: "jobsPerDay",
      used: 20,
      limit: 20,
      resetsAt: Date.UTC(2031, 2, 15),
    });
    expect(refused.message).toBe(
      "Courses requested today: 20 of 20, the most this deployment allows per day. You can request more after 2031-03-15 00:00 UTC.",
    );
    vi.setSystemTime(Date.UTC(2031, 2, 15, 0, 0, 1));
    await expect(request(alice, repos[20])).resolves.toMatchObject({
      created: true,
    });
  });

  test("canceled requests and retries count: request-and-cancel loops stop at the limit", async () => {
    vi.useFakeTimers({ now: T0, toFake: ["Date"] });
    const { alice } = setup();
    vi.stubEnv("FONDATION_MAX_JOBS_PER_DAY", "3");
    const repo = await addRepo(alice);
    const { jobId } = await request(alice, repo);
    await alice.mutation(api.jobs.cancel, { jobId });
    const retried = await alice.mutation(api.jobs.retry, { jobId });
    await alice.mutation(api.jobs.cancel, { jobId: retried.jobId });
    const again = await request(alice, repo);
    await alice.mutation(api.jobs.cancel, { jobId: again.jobId });
    expect(await limitData(request(alice, repo))).toMatchObject({ kind: "jobsPerDay", used: 3 });
    expect(await limitData(alice.mutation(api.jobs.retry, { jobId }))).toMatchObject({
      kind: "jobsPerDay",
    });
  });
});

describe("spend", () => {
  test("a day's cost at FONDATION_MAX_SPEND_USD_PER_DAY refuses new jobs until 00:00 UTC", async () => {
    vi.useFakeTimers({ now: T0, toFake: ["Date"] });
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_SPEND_USD_PER_DAY", "2");
    const repo = await addRepo(alice);
    await succeedWithCost(t, (await request(alice, repo)).jobId, 1.25);
    await succeedWithCost(t, (await request(alice, repo)).jobId, 0.8);
    const refused = await limitData(request(alice, repo));
    expect(refused).toMatchObject({ code: "limit_reached", kind: "spendPerDay", limit: 2 });
    expect(refused.used).toBeCloseTo(2.05);
    expect(refused.message).toMatch(
      /^Your courses cost \$2\.05 today; this deployment allows \$2\.00 per day\. You can request more after 2031-03-15 00:00 UTC\.$/,
    );
    vi.setSystemTime(Date.UTC(2031, 2, 15, 8));
    await expect(request(alice, repo)).resolves.toMatchObject({ created: true });
  });

  test("the default spend caps: $5 a day, $50 a month", async () => {
    vi.useFakeTimers({ now: T0, toFake: ["Date"] });
    const { t, alice } = setup();
    const repo = await addRepo(alice);
    await succeedWithCost(t, (await request(alice, repo)).jobId, 4.99);
    await succeedWithCost(t, (await request(alice, repo)).jobId, 0.01);
    expect((await limitData(request(alice, repo))).kind).toBe("spendPerDay");
    // Nine more days at $5 reach $50 in the month.
    for (let day = 1; day <= 9; day++) {
      vi.setSystemTime(T0 + day * DAY);
      await succeedWithCost(t, (await request(alice, repo)).jobId, 5);
    }
    vi.setSystemTime(T0 + 10 * DAY);
    const refused = await limitData(request(alice, repo));
    expect(refused).toMatchObject({ kind: "spendPerMonth", limit: 50 });
    expect(refused.used).toBeCloseTo(50);
    expect(refused.resetsAt).toBe(Date.UTC(2031, 3, 1));
  });

  test("FONDATION_MAX_SPEND_USD_PER_MONTH counts the UTC month and resets on the 1st", async () => {
    vi.useFakeTimers({ now: Date.UTC(2031, 2, 30, 12), toFake: ["Date"] });
    const { t, alice } = setup();
    vi.stubEnv("FONDATION_MAX_SPEND_USD_PER_MONTH", "2.5");
    lift("FONDATION_MAX_SPEND_USD_PER_DAY");
    const repo = await addRepo(alice);
    await succeedWithCost(t, (await request(alice, repo)).jobId, 1.5);
    vi.setSystemTime(Date.UTC(2031, 2, 31, 12));
    await succeedWithCost(t, (await request(alice, repo)).jobId, 1);
    const refused = await limitData(request(alice, repo));
    expect(refused).toMatchObject({ kind: "spendPerMonth", used: 2.5, limit: 2.5 });
    expect(refused.message).toMatch(
      /\$2\.50 this month; this deployment allows \$2\.50 per month\. You can request more after 2031-04-01 00:00 UTC/,
    );
    vi.setSystemTime(Date.UTC(2031, 3, 1, 0, 0, 1));
    await expect(request(alice, repo)).resolves.toMatchObject({ created: true });
  });

  test("spend is per user", async () => {
    vi.useFakeTimers({ now: T0, toFake: ["Date"] });
    const { t, alice, bob } = setup();
    vi.stubEnv("FONDATION_MAX_SPEND_USD_PER_DAY", "1");
    const repo = await addRepo(alice);
    await succeedWithCost(t, (await request(alice, repo)).jobId, 3);
    expect((await limitData(request(alice, repo))).kind).toBe("spendPerDay");
    await expect(request(bob, await addRepo(bob))).resolves.toMatchObject({ created: true });
  });
});

describe("models", () => {
  test("issue 11, the most expensive model at the operator's cost: by default only the default model", async () => {
    const { t, alice } = setup();
    const repo = await addRepo(alice);
    const refused = await limitData(request(alice, repo, "claude-opus-5-5"));
    expect(refused).toEqual({
      code: "model_not_allowed",
      model: "claude-opus-5-5",
      allowed: ["claude-sonnet-5-5"],
      message: "Claude Opus 5.5 is not offered on this deployment. Choose Claude Sonnet 5.5.",
    });
    expect(await countRows(t, "jobs")).toBe(0);
    await expect(request(alice, repo)).resolves.toMatchObject({ created: true });
  });

  test("FONDATION_ALLOWED_MODELS is the operator's list (ids, or all)", async () => {
    const { alice } = setup();
    lift("FONDATION_MAX_ACTIVE_JOBS_PER_USER");
    const repos = [];
    for (let i = 0; i < 4; i++) repos.push(await addRepo(alice, `a/r${i}`));
    const [r0, r1, r2, r3] = repos;
    vi.stubEnv("FONDATION_ALLOWED_MODELS", "claude-haiku-4-5, claude-sonnet-5-5");
    await expect(request(alice, r0, "claude-haiku-4-5")).resolves.toMatchObject({ created: true });
    expect(await limitData(request(alice, r1, "claude-opus-5-5"))).toMatchObject({
      code: "model_not_allowed",
      allowed: ["claude-sonnet-5-5", "claude-haiku-4-5"],
      message:
        "Claude Opus 5.5 is not offered on this deployment. Choose Claude Sonnet 5.5 or Claude Haiku 4.5.",
    });
    vi.stubEnv("FONDATION_ALLOWED_MODELS", "all");
    await expect(request(alice, r1, "claude-opus-5-5")).resolves.toMatchObject({ created: true });
    // A list with no known id falls back to the default model, never to none.
    vi.stubEnv("FONDATION_ALLOWED_MODELS", "gpt-9");
    expect((await alice.query(api.quota.mine, {})).models.allowed).toEqual(["claude-sonnet-5-5"]);
    await expect(request(alice, r2)).resolves.toMatchObject({ created: true });
    vi.stubEnv("FONDATION_ALLOWED_MODELS", "claude-haiku-4-5");
    expect((await alice.query(api.quota.mine, {})).models).toEqual({
      allowed: ["claude-haiku-4-5"],
      preferred: "claude-haiku-4-5",
    });
    expect((await limitData(request(alice, r3))).code).toBe("model_not_allowed");
  });

  test("a retry of a job whose model is no longer offered is refused", async () => {
    const { alice } = setup();
    vi.stubEnv("FONDATION_ALLOWED_MODELS", "all");
    const { jobId } = await request(alice, await addRepo(alice), "claude-opus-5-5");
    await alice.mutation(api.jobs.cancel, { jobId });
    vi.stubEnv("FONDATION_ALLOWED_MODELS", "");
    expect(await limitData(alice.mutation(api.jobs.retry, { jobId }))).toMatchObject({
      code: "model_not_allowed",
      model: "claude-opus-5-5",
    });
  });
});

describe("quota.mine and the deployment's settings", () => {
  test("shows each limit with what is used and when it resets", async () => {
    vi.useFakeTimers({ now: T0, toFake: ["Date"] });
    const { t, alice } = setup();
    const repo = await addRepo(alice);
    await succeedWithCost(t, (await request(alice, repo)).jobId, 1.5);
    await request(alice, await addRepo(alice, "acme/two"));
    expect(await alice.query(api.quota.mine, {})).toEqual({
      lines: [
        { kind: "activeJobs", used: 1, limit: 2 },
        { kind: "jobsPerDay", used: 2, limit: 20, resetsAt: Date.UTC(2031, 2, 15) },
        { kind: "repositories", used: 2, limit: 100 },
        { kind: "spendPerDay", used: 1.5, limit: 5, resetsAt: Date.UTC(2031, 2, 15) },
        { kind: "spendPerMonth", used: 1.5, limit: 50, resetsAt: Date.UTC(2031, 3, 1) },
      ],
      models: { allowed: ["claude-sonnet-5-5"], preferred: "claude-sonnet-5-5" },
    });
  });

  test("a user who never stored anything sees zero used", async () => {
    const { t } = setup();
    const carol = t.withIdentity({ tokenIdentifier: "https://clerk.test|carol", subject: "carol" });
    const mine = await carol.query(api.quota.mine, {});
    expect(mine.lines.every((l) => l.used === 0)).toBe(true);
  });

  test("a local development deployment has no default limits and offers every model; set values still apply", async () => {
    const { alice } = setup();
    vi.stubEnv("ALLOW_LOCAL_GIT_URLS", "true");
    const mine = await alice.query(api.quota.mine, {});
    expect(mine.lines.map((l) => [l.kind, l.limit])).toEqual([
      ["activeJobs", null],
      ["jobsPerDay", null],
      ["repositories", MAX_REPOSITORIES_LIMIT],
      ["spendPerDay", null],
      ["spendPerMonth", null],
    ]);
    expect(mine.models.allowed).toEqual([
      "claude-sonnet-5-5",
      "claude-opus-5-5",
      "claude-haiku-4-5",
    ]);
    for (let i = 0; i < 3; i++) await request(alice, await addRepo(alice, `a/r${i}`));
    vi.stubEnv("FONDATION_MAX_ACTIVE_JOBS_PER_USER", "3");
    expect((await limitData(request(alice, await addRepo(alice, "a/r3")))).kind).toBe("activeJobs");
  });

  test("a value that is not a number falls back to the default; 0 refuses every new job", async () => {
    const { alice } = setup();
    vi.stubEnv("FONDATION_MAX_JOBS_PER_DAY", "lots");
    vi.stubEnv("FONDATION_MAX_ACTIVE_JOBS_PER_USER", "0");
    const mine = await alice.query(api.quota.mine, {});
    expect(mine.lines.find((l) => l.kind === "jobsPerDay")?.limit).toBe(20);
    expect(await limitData(request(alice, await addRepo(alice)))).toMatchObject({
      kind: "activeJobs",
      used: 0,
      limit: 0,
    });
  });
});
