import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import {
  type CliEvent,
  type CourseManifest,
  courseManifestSchema,
  parseCliEvent,
} from "@fondation/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { lessonProblems } from "../src/output/validate.ts";
import { runCli } from "./helpers/cli.ts";
import { fixtureTrees, type TreeSpec } from "./helpers/tree.ts";
import { startAnthropicStandin } from "./support/anthropic-standin.ts";

const NO_KEY = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined };
const REPO_ROOT = resolve(import.meta.dirname, "../..");

const tree = fixtureTrees();

function events(stdout: string): CliEvent[] {
  const lines = stdout.split("\n").filter((l) => l !== "");
  return lines.map((line) => {
    const parsed = parseCliEvent(line);
    if (!parsed.ok) throw new Error(`invalid event line: ${parsed.error}\n${line}`);
    return parsed.event;
  });
}

/** Every lesson file of a written course passes the writer's checks against the repository. */
async function checkCourse(repo: string, out: string): Promise<CourseManifest> {
  const manifest = courseManifestSchema.parse(
    JSON.parse(readFileSync(join(out, "course.json"), "utf8")),
  );
  const { map } = await buildCodeMap(repo, { exclude: [out] });
  for (const lesson of [...manifest.chapters, ...manifest.tutorials]) {
    const markdown = readFileSync(join(out, lesson.file), "utf8");
    expect(
      await lessonProblems(
        { slug: lesson.slug, title: lesson.title, markdown, citations: lesson.citations },
        map,
      ),
    ).toEqual([]);
  }
  return manifest;
}

const FIXTURE: TreeSpec = {
  "README.md":
    "# Shop\n\nA tiny shop used to test Fondation.\n\n## Install\n\n```sh\nnpm install\n```\n",
  "package.json": JSON.stringify({ name: "shop", scripts: { test: "vitest" } }),
  ".gitignore": "secret/\n",
  "secret/keys.ts": "export const KEY = 'do not read';\n",
  "src/core/money.ts":
    "/** Money arithmetic in cents. */\n\n/** Add two amounts. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n",
  "src/core/cart.ts":
    'import { add } from "./money.ts";\n\n/** A shopping cart. */\nexport class Cart {\n  items: number[] = [];\n  /** Total in cents. */\n  total(): number {\n    return this.items.reduce(add, 0);\n  }\n}\n',
  "src/api/server.ts":
    '/** HTTP API over the cart. */\nimport { Cart } from "../core/cart.ts";\n\nexport function start(): Cart {\n  return new Cart();\n}\n',
  "src/api/routes.ts": 'import { start } from "./server.ts";\n\nexport const routes = [start];\n',
  "src/index.ts": 'import { start } from "./api/server.ts";\n\nstart();\n',
  "tools/report.py":
    '"""Sales report."""\n\ndef report(rows):\n    """Sum the rows."""\n    return sum(rows)\n',
  "test/cart.test.ts": 'import { Cart } from "../src/core/cart.ts";\n\nnew Cart();\n',
};

describe("fondation analyze (subprocess)", () => {
  it("writes a valid offline course with --json: NDJSON events only on stdout, all valid", async () => {
    const repo = tree(FIXTURE);
    const out = join(repo, "out-course");
    const result = await runCli(["analyze", repo, "--json", "--out", out], NO_KEY);
    expect(result.stderr).toMatch(/ANTHROPIC_API_KEY is not set/);
    expect(result.code).toBe(0);
    const evs = events(result.stdout);
    const kinds = evs.map((e) => e.kind);
    expect(kinds[0]).toBe("run.started");
    expect(kinds.at(-1)).toBe("run.completed");
    expect(evs[0]).toMatchObject({ kind: "run.started", offline: true, outDir: out });
    expect(
      evs.some((e) => e.kind === "log" && e.level === "warn" && /offline/.test(e.message)),
    ).toBe(true);
    const steps = evs.filter((e) => e.kind === "step.completed");
    expect(steps.map((s) => (s.kind === "step.completed" ? s.index : 0))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    for (const s of steps)
      if (s.kind === "step.completed")
        expect(readFileSync(join(out, s.checkpoint), "utf8")).toContain("fingerprint");
    expect(kinds.filter((k) => k === "chapter.completed").length).toBeGreaterThanOrEqual(3);

    const manifest = await checkCourse(repo, out);
    expect(manifest.model).toBeNull();
    expect(manifest.repository.name).toBe("shop");
    const slugs = manifest.chapters.map((c) => c.slug);
    // Teaching order (issue 12): what the package exposes first — src/index.ts only starts
    // the API, so the API is the entry — then the core it builds on, never a folder tour in
    // dependency order. The overview names and cites the central declarations.
    expect(slugs.indexOf("src-api")).toBeGreaterThan(0);
    expect(slugs.indexOf("src-api")).toBeLessThan(slugs.indexOf("src-core"));
    const overview = manifest.chapters[0];
    expect(overview?.citations.some((c) => c.path === "src/core/cart.ts")).toBe(true);
    expect(readFileSync(join(out, overview?.file as string), "utf8")).toMatch(
      /## The core[\s\S]*`Cart`/,
    );
    const core = readFileSync(
      join(out, manifest.chapters[slugs.indexOf("src-core")]?.file as string),
      "utf8",
    );
    expect(core).toContain("Written without a model");
    expect(core).toContain("```mermaid");
    expect(core).toContain("Add two amounts.");
    const files = manifest.abstractions.flatMap((a) => a.files);
    expect(files).not.toContain("secret/keys.ts"); // gitignored
    expect(files.some((f) => f.startsWith("out-course"))).toBe(false);
    const tutorial = readFileSync(join(out, manifest.tutorials[0]?.file as string), "utf8");
    expect(tutorial).toMatch(/## Objectives[\s\S]*## Steps[\s\S]*## Checks/);
    expect(tutorial).toContain("npm test");
  }, 120_000);

  it("writes the fixed prose in the course language", async () => {
    const repo = tree(FIXTURE);
    const result = await runCli(
      ["analyze", repo, "--offline", "--language", "fr", "--out", join(repo, "c")],
      NO_KEY,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Course written to/);
    const manifest = await checkCourse(repo, join(repo, "c"));
    expect(manifest.language).toBe("fr");
    const chapter = readFileSync(join(repo, "c", manifest.chapters[1]?.file as string), "utf8");
    expect(chapter).toContain("Rédigé sans modèle");
    expect(chapter).toContain("## Sa place");
    const tutorial = readFileSync(join(repo, "c", manifest.tutorials[0]?.file as string), "utf8");
    expect(tutorial).toMatch(/## Objectifs[\s\S]*## Étapes[\s\S]*## Vérifications/);
  }, 120_000);

  it("--resume on an offline run reuses the finished steps and lessons", async () => {
    const repo = tree(FIXTURE);
    const out = join(repo, "c");
    const args = ["analyze", repo, "--offline", "--json", "--out", out];
    expect((await runCli(args, NO_KEY)).code).toBe(0);
    const first = JSON.parse(readFileSync(join(out, "course.json"), "utf8")) as CourseManifest;
    // A lesson checkpoint read back, not rewritten: mark it and find the mark in the course.
    const lessonCheckpoint = join(
      out,
      "checkpoints",
      `04-chapters/${first.chapters[1]?.slug}.json`,
    );
    const envelope = JSON.parse(readFileSync(lessonCheckpoint, "utf8"));
    envelope.data.markdown = `${envelope.data.markdown}\n\nRESUMED FROM CHECKPOINT\n`;
    writeFileSync(lessonCheckpoint, JSON.stringify(envelope));

    const resumed = await runCli([...args, "--resume"], NO_KEY);
    expect(resumed.code).toBe(0);
    const all = events(resumed.stdout);
    expect(all[0]).toMatchObject({
      kind: "run.started",
      resumedSteps: ["abstractions", "relationships", "order", "chapters", "review", "tutorials"],
    });
    const completed = all.filter((e) => e.kind === "step.completed");
    expect(completed.map((e) => e.kind === "step.completed" && e.resumed)).toEqual(
      Array(6).fill(true),
    );
    expect(all.some((e) => e.kind === "chapter.started")).toBe(false);
    const manifest = await checkCourse(repo, out);
    expect(manifest.chapters.map((c) => c.slug)).toEqual(first.chapters.map((c) => c.slug));
    const file = manifest.chapters[1]?.file as string;
    expect(readFileSync(join(out, file), "utf8")).toContain("RESUMED FROM CHECKPOINT");

    // Offline, a plain run writes everything again (it costs nothing; model runs resume).
    const fresh = await runCli(args, NO_KEY);
    expect(events(fresh.stdout)[0]).toMatchObject({ kind: "run.started", resumedSteps: [] });
    expect(readFileSync(join(out, file), "utf8")).not.toContain("RESUMED FROM CHECKPOINT");
  }, 120_000);

  it("defaults --out to <dir>/.fondation/course and never scans it back", async () => {
    const repo = tree(FIXTURE);
    expect((await runCli(["analyze", repo], NO_KEY)).code).toBe(0);
    const second = await runCli(["analyze", repo, "--json"], NO_KEY);
    expect(second.code).toBe(0);
    const started = events(second.stdout)[0];
    expect(started).toMatchObject({
      kind: "run.started",
      outDir: join(repo, ".fondation/course"),
      filesKept: 10,
    });
  }, 120_000);

  it("produces a valid course for this repository", async () => {
    const out = join(tree({}), "course");
    const result = await runCli(
      ["analyze", REPO_ROOT, "--offline", "--json", "--out", out],
      NO_KEY,
    );
    expect(result.code).toBe(0);
    events(result.stdout);
    const manifest = await checkCourse(REPO_ROOT, out);
    expect(manifest.chapters.length).toBeGreaterThanOrEqual(5);
    expect(manifest.abstractions.some((a) => a.files.includes("shared/src/events.ts"))).toBe(true);
  }, 180_000);
});

describe("failures: one actionable line, a run.failed event, a distinct exit code", () => {
  const failed = (stdout: string) => {
    const evs = events(stdout);
    expect(evs).toHaveLength(evs.filter((e) => e.kind !== "run.failed").length + 1);
    return evs.find((e) => e.kind === "run.failed");
  };

  it("usage errors exit 2", async () => {
    const repo = tree(FIXTURE);
    const bad = await runCli(["analyze", repo, "--language", "xx", "--json"], NO_KEY);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split("\n")[0]).toMatch(/--language.*Allowed choices are en, fr, es, de/);
    expect(failed(bad.stdout)).toMatchObject({ code: "invalid_options", retryable: false });
    expect((await runCli(["analyze", repo, "--max-chapters", "0"], NO_KEY)).code).toBe(2);
    expect((await runCli(["analyze"], NO_KEY)).code).toBe(2);
    expect((await runCli(["frobnicate"], NO_KEY)).code).toBe(2);
    const foreign = await runCli(["analyze", repo, "--out", join(repo, "src")], NO_KEY);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/already holds other files/);
  }, 60_000);

  it("input errors exit 3: not a folder, empty, nothing to analyse", async () => {
    const repo = tree({
      "file.txt": "x",
      "empty/.keep": "",
      "bin/a.png": "x",
      "bin/node_modules/x.js": "x",
    });
    const missing = await runCli(["analyze", join(repo, "nope"), "--json"], NO_KEY);
    expect(missing.code).toBe(3);
    expect(failed(missing.stdout)).toMatchObject({ code: "repository_not_found" });
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect((await runCli(["analyze", join(repo, "file.txt")], NO_KEY)).stderr).toMatch(
      /is not a folder/,
    );
    const empty = await runCli(["analyze", join(repo, "empty"), "--json"], NO_KEY);
    expect(empty.code).toBe(3);
    expect(failed(empty.stdout)).toMatchObject({ code: "repository_empty" });
    const nothing = await runCli(["analyze", join(repo, "bin")], NO_KEY);
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toMatch(/Nothing to analyse/);
  }, 60_000);

  describe("model errors exit 4", () => {
    let server: Server;
    let url = "";
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            type: "error",
            error: { type: "authentication_error", message: "invalid x-api-key" },
          }),
        );
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("a refused key is a model_auth failure, not retried", async () => {
      const repo = tree(FIXTURE);
      const result = await runCli(["analyze", repo, "--json"], {
        ANTHROPIC_API_KEY: "sk-test-not-real",
        ANTHROPIC_BASE_URL: url,
      });
      expect(result.code).toBe(4);
      expect(failed(result.stdout)).toMatchObject({ code: "model_auth", retryable: false });
      expect(result.stdout + result.stderr).not.toContain("sk-test-not-real");
    }, 60_000);
  });
});

describe("fondation estimate and --help", () => {
  it("prints files, tokens per step and a cost range", async () => {
    const repo = tree(FIXTURE);
    const result = await runCli(
      ["estimate", repo, "--json", "--model", "claude-haiku-4-5"],
      NO_KEY,
    );
    expect(result.code).toBe(0);
    const estimate = JSON.parse(result.stdout);
    expect(estimate.model).toBe("claude-haiku-4-5");
    expect(estimate.files.kept).toBe(10);
    expect(estimate.files.skippedByReason.gitignored).toBe(1);
    expect(estimate.steps.map((s: { step: string }) => s.step)).toEqual([
      "abstractions",
      "relationships",
      "order",
      "chapters",
      "review",
      "tutorials",
    ]);
    expect(estimate.costUsd.low).toBeGreaterThan(0);
    expect(estimate.costUsd.high).toBeGreaterThan(estimate.costUsd.low);
    // No key: tokens from characters at the model's rate in the capability table.
    expect(estimate.tokenRatio).toEqual({ value: 4 / 3.8, source: "model table" });
    const human = await runCli(["estimate", repo], NO_KEY);
    expect(human.stdout).toMatch(/Estimated cost with claude-sonnet-5-5: \$[\d.]+ – \$[\d.]+/);
  }, 60_000);

  it("with a key, counts tokens with the API's token-counting endpoint (no model call)", async () => {
    const standin = await startAnthropicStandin();
    try {
      const repo = tree(FIXTURE);
      const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: standin.url };
      const result = await runCli(["estimate", repo, "--json"], env);
      expect(result.code).toBe(0);
      const estimate = JSON.parse(result.stdout);
      expect(estimate.tokenRatio.source).toBe("token-counting endpoint");
      // The stand-in counts 4 characters a token, the pipeline's own unit: a ratio near 1.
      expect(estimate.tokenRatio.value).toBeGreaterThan(0.9);
      expect(estimate.tokenRatio.value).toBeLessThan(1.1);
      expect(standin.tokenCounts).toHaveLength(2);
      expect(standin.requests).toHaveLength(0);
    } finally {
      await standin.close();
    }
  }, 60_000);

  it("documents every option", async () => {
    const result = await runCli(["analyze", "--help"], NO_KEY);
    expect(result.code).toBe(0);
    for (const option of [
      "--out",
      "--language",
      "--model",
      "--concurrency",
      "--resume",
      "--json",
      "--offline",
      "--max-chapters",
      "--repository-url",
      "--update",
    ]) {
      expect(result.stdout).toContain(option);
    }
    for (const variable of ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "FONDATION_DEBUG"])
      expect(result.stdout).toContain(variable);
    expect(result.stdout).toMatch(/Exit codes:[\s\S]*2 usage error[\s\S]*130 interrupted/);
  });
});
