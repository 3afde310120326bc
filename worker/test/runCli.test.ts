import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliEvent } from "@fondation/shared";
import { afterEach, describe, expect, it } from "vitest";
import { CliCanceledError, type RunCliOptions, runCli } from "../src/cli/runCli.ts";
import type { JobFailure } from "../src/jobFailure.ts";
import { makeRedactor } from "../src/redact.ts";

const FAKE_CLI = fileURLToPath(new URL("./fixtures/fake-cli.mjs", import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(
  scenario: string,
  extra: Partial<RunCliOptions> = {},
  env: Record<string, string> = {},
) {
  const root = mkdtempSync(join(tmpdir(), "runcli-"));
  dirs.push(root);
  const events: CliEvent[] = [];
  const options: RunCliOptions = {
    cliPath: FAKE_CLI,
    repoDir: root,
    outDir: root,
    language: "en",
    model: "claude-sonnet-5-5",
    resume: false,
    env: { FAKE_CLI_SCENARIO: scenario, FAKE_CLI_ARGS_FILE: join(root, "args.json"), ...env },
    timeoutMs: 20_000,
    killGraceMs: 500,
    redact: makeRedactor(["worker-secret-abcdef"]),
    onEvent: (e) => events.push(e),
    ...extra,
  };
  return { root, events, options };
}

async function failure(promise: Promise<unknown>): Promise<JobFailure> {
  try {
    await promise;
  } catch (e) {
    return e as JobFailure;
  }
  throw new Error("expected the run to fail");
}

function abortOnStart(controller: AbortController) {
  return (event: CliEvent) => {
    if (event.kind === "run.started") controller.abort(new Error("canceled"));
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("runCli with the fake CLI", () => {
  it("passes the command line and streams validated events in order", async () => {
    const { root, events, options } = setup("happy", { resume: true });
    const result = await runCli(options);
    expect(result.completed.manifest).toBe("course.json");
    expect(events.map((e) => e.kind)).toEqual([
      "run.started",
      "step.started",
      "step.completed",
      "step.started",
      "step.completed",
      "step.started",
      "step.completed",
      "run.completed",
    ]);
    const { args } = JSON.parse(readFileSync(join(root, "args.json"), "utf8"));
    expect(args).toEqual([
      "analyze",
      root,
      "--json",
      "--out",
      root,
      "--language",
      "en",
      "--model",
      "claude-sonnet-5-5",
      "--resume",
    ]);
  });

  it("turns invalid lines into warnings and keeps going", async () => {
    const { events, options } = setup("invalid-lines");
    await runCli(options);
    const warnings = events.filter((e) => e.kind === "log" && e.level === "warn");
    expect(warnings).toHaveLength(3);
    expect(warnings.map((w) => (w.kind === "log" ? w.message : ""))).toEqual([
      expect.stringContaining("not JSON"),
      expect.stringContaining("protocol version 2"),
      expect.stringContaining("Ignored an invalid line"),
    ]);
    expect(events.at(-1)?.kind).toBe("run.completed");
  });

  it("gives the CLI only the environment it is handed", async () => {
    process.env.FONDATION_TEST_LEAK = "should-not-pass";
    const { events, options } = setup("env", {}, { ANTHROPIC_API_KEY: "sk-ant-passed-through" });
    await runCli(options);
    delete process.env.FONDATION_TEST_LEAK;
    const messages = events.flatMap((e) => (e.kind === "log" ? [e.message] : []));
    expect(messages[0]).not.toContain("FONDATION_TEST_LEAK");
    // the key reaches the CLI, but the redactor scrubs it from the forwarded event
    expect(messages[1]).toBe("key=[redacted]");
  });

  it("reports run.failed with its code, redacted", async () => {
    const { options } = setup("run-failed");
    const e = await failure(runCli(options));
    expect(e).toMatchObject({ code: "model_auth", retryable: false });
    expect(e.message).not.toContain("leakedkey");
  });

  it("a crash is retryable and quotes the stderr tail without secrets", async () => {
    const { options } = setup("crash");
    const e = await failure(runCli(options));
    expect(e).toMatchObject({ code: "analysis_failed", retryable: true });
    expect(e.message).toContain("exit code 1");
    expect(e.message).toContain("TypeError: something broke");
    expect(e.message).not.toContain("ghp_0123456789");
  });

  it("a usage error is not retryable", async () => {
    const e = await failure(runCli(setup("usage").options));
    expect(e).toMatchObject({ code: "invalid_options", retryable: false });
  });

  it("exit 0 without run.completed is a failure", async () => {
    const e = await failure(runCli(setup("no-complete").options));
    expect(e).toMatchObject({ code: "analysis_failed" });
    expect(e.message).toMatch(/without finishing/);
  });

  it("a missing CLI is an operator problem", async () => {
    const e = await failure(runCli(setup("happy", { cliPath: "/nonexistent/fondation" }).options));
    expect(e).toMatchObject({ code: "internal" });
    expect(e.message).toMatch(/CLI_PATH/);
  });

  it("cancel stops a CLI that honours SIGTERM", async () => {
    const { root, options } = setup("sleep");
    const controller = new AbortController();
    // Cancel once the CLI is up (it has installed its SIGTERM handler by then).
    const promise = runCli({
      ...options,
      signal: controller.signal,
      onEvent: abortOnStart(controller),
    });
    const e = await failure(promise);
    expect(e).toBeInstanceOf(CliCanceledError);
    const { pid } = JSON.parse(readFileSync(join(root, "args.json"), "utf8"));
    expect(isAlive(pid)).toBe(false);
  });

  it("cancel kills a CLI that ignores SIGTERM (SIGKILL after the grace period)", async () => {
    const { root, options } = setup("ignore-sigterm", { killGraceMs: 300 });
    const controller = new AbortController();
    const promise = runCli({
      ...options,
      signal: controller.signal,
      onEvent: abortOnStart(controller),
    });
    const e = await failure(promise);
    expect(e).toBeInstanceOf(CliCanceledError);
    const { pid } = JSON.parse(readFileSync(join(root, "args.json"), "utf8"));
    expect(isAlive(pid)).toBe(false);
  });

  it("the wall-clock timeout stops the run and says so", async () => {
    const { options } = setup("ignore-sigterm", { timeoutMs: 400, killGraceMs: 200 });
    const e = await failure(runCli(options));
    expect(e).toMatchObject({ code: "job_timeout", retryable: true });
  });
});
