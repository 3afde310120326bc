import { describe, expect, it } from "vitest";
import { ConfigError, configSecrets, describeConfig, loadConfig } from "../src/config.ts";

const base = {
  CONVEX_URL: "https://happy-otter-123.convex.cloud",
  WORKER_SECRET: "0123456789abcdef0123",
};

describe("loadConfig", () => {
  it("applies defaults", () => {
    const config = loadConfig(base);
    expect(config.maxConcurrentJobs).toBe(1);
    expect(config.leaseMs).toBe(60_000);
    expect(config.allowLocalGit).toBe(false);
    expect(config.workerId).toMatch(new RegExp(`-${process.pid}$`));
    expect(config.cliPath).toMatch(/cli\/src\/main\.ts$/);
    expect(config.clerkApiUrl).toBe("https://api.clerk.com");
    expect(config.githubToken).toBeUndefined();
  });

  it("parses numbers and flags", () => {
    const config = loadConfig({
      ...base,
      MAX_CONCURRENT_JOBS: "3",
      LEASE_MS: "5000",
      ALLOW_LOCAL_GIT: "1",
      HEALTH_PORT: "0",
      GITHUB_TOKEN: "  ghp_abc  ",
      CLERK_API_URL: "http://127.0.0.1:9999/",
    });
    expect(config.maxConcurrentJobs).toBe(3);
    expect(config.leaseMs).toBe(5000);
    expect(config.allowLocalGit).toBe(true);
    expect(config.healthPort).toBe(0);
    expect(config.githubToken).toBe("ghp_abc");
    expect(config.clerkApiUrl).toBe("http://127.0.0.1:9999");
  });

  it("takes the question lease and shutdown grace within their bounds", () => {
    const defaults = loadConfig(base);
    expect(defaults.questionLeaseMs).toBe(30_000);
    expect(defaults.questionShutdownGraceMs).toBe(10_000);
    const set = loadConfig({ ...base, QUESTION_LEASE_MS: "5000", QUESTION_SHUTDOWN_GRACE_MS: "0" });
    expect(set.questionLeaseMs).toBe(5_000);
    expect(set.questionShutdownGraceMs).toBe(0);
    // Questions never outlast the jobs' grace: the process is stopped after it.
    const capped = loadConfig({ ...base, SHUTDOWN_GRACE_MS: "3000" });
    expect(capped.questionShutdownGraceMs).toBe(3_000);
    for (const [key, value] of [
      ["QUESTION_LEASE_MS", "999"],
      ["QUESTION_LEASE_MS", "300001"],
      ["QUESTION_LEASE_MS", "1.5"],
      ["QUESTION_SHUTDOWN_GRACE_MS", "-1"],
    ] as const) {
      expect(() => loadConfig({ ...base, [key]: value }), `${key}=${value}`).toThrow(
        new RegExp(`${key}: `),
      );
    }
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ ...base, LEASE_MS: "", GITHUB_TOKEN: "" }).leaseMs).toBe(60_000);
  });

  it("lists every bad variable at once, without echoing values", () => {
    let error: unknown;
    try {
      loadConfig({
        CONVEX_URL: "not a url",
        WORKER_SECRET: "short-secret",
        MAX_CONCURRENT_JOBS: "zero",
        LEASE_MS: "10",
        ALLOW_LOCAL_GIT: "maybe",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    const keys = problems.map((p) => p.split(":")[0]);
    expect(keys).toEqual(
      expect.arrayContaining([
        "CONVEX_URL",
        "WORKER_SECRET",
        "MAX_CONCURRENT_JOBS",
        "LEASE_MS",
        "ALLOW_LOCAL_GIT",
      ]),
    );
    expect(message).not.toContain("short-secret");
  });

  it("reads GITHUB_TOKEN_REPOS as an allow-list, never a wildcard for everything", () => {
    expect(loadConfig(base).githubTokenRepos).toEqual([]);
    expect(
      loadConfig({ ...base, GITHUB_TOKEN_REPOS: " Acme/Docs, tools-org/*  other/repo.js " })
        .githubTokenRepos,
    ).toEqual(["acme/docs", "tools-org/*", "other/repo.js"]);
    for (const bad of ["*", "*/*", "acme", "acme/docs/x", "-bad/x", "acme/.."]) {
      expect(() => loadConfig({ ...base, GITHUB_TOKEN_REPOS: bad })).toThrow(/GITHUB_TOKEN_REPOS/);
    }
  });

  it("refuses ALLOW_LOCAL_GIT in production (NODE_ENV=production, as the image sets)", () => {
    expect(() => loadConfig({ ...base, ALLOW_LOCAL_GIT: "1", NODE_ENV: "production" })).toThrow(
      /ALLOW_LOCAL_GIT: must not be set with NODE_ENV=production/,
    );
    expect(loadConfig({ ...base, NODE_ENV: "production" }).allowLocalGit).toBe(false);
  });

  it("says a missing variable is required", () => {
    expect(() => loadConfig({})).toThrow(
      /CONVEX_URL: is required[\s\S]*WORKER_SECRET: is required/,
    );
  });

  it("has no POLL_INTERVAL: the variable is ignored (no polling)", () => {
    expect(loadConfig({ ...base, POLL_INTERVAL: "5000" })).not.toHaveProperty("pollInterval");
  });

  it("describes itself without secrets", () => {
    const config = loadConfig({
      ...base,
      GITHUB_TOKEN: "ghp_supersecret",
      ANTHROPIC_API_KEY: "sk-ant-xyz",
    });
    const shown = JSON.stringify(describeConfig(config));
    expect(shown).not.toContain(base.WORKER_SECRET);
    expect(shown).not.toContain("ghp_supersecret");
    expect(shown).not.toContain("sk-ant-xyz");
    expect(shown).toContain('"githubToken":"set"');
    expect(configSecrets(config)).toEqual([base.WORKER_SECRET, "ghp_supersecret", "sk-ant-xyz"]);
  });
});
