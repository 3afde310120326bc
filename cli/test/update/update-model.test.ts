/**
 * `fondation analyze --update` on the model path, against the strict Anthropic stand-in:
 * a refresh asks the model only for the lessons it rewrites, and nothing when nothing
 * changed; usage counts only the new requests.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { startAnthropicStandin } from "../support/anthropic-standin.ts";
import { taskOf } from "../support/requests.ts";
import { courseScenario } from "../support/standin-course-scenario.ts";
import { makeRepo, problemsOf, readManifest, statusOf, tempFolder } from "./fixture.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("fondation analyze --update (model)", { timeout: 120_000 }, () => {
  it("asks the model only for the rewritten lessons, and for nothing when nothing changed", async () => {
    const standin = await startAnthropicStandin({ script: courseScenario });
    const repo = makeRepo();
    const [first, second, third] = [tempFolder(), tempFolder(), tempFolder()];
    cleanups.push(() => standin.close(), repo.cleanup);
    for (const f of [first, second, third])
      cleanups.push(() => rmSync(f, { recursive: true, force: true }));
    const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: standin.url };
    const analyze = async (out: string, update?: string) => {
      const args = ["analyze", repo.root, "--json", "--out", out, "--concurrency", "2"];
      const result = await runCli(update ? [...args, "--update", update] : args, env);
      expect(result.stderr).not.toMatch(/error/i);
      expect(result.code).toBe(0);
      return readManifest(out);
    };

    const before = await analyze(first);
    const full = standin.requests.length;
    expect(full).toBeGreaterThan(3);

    // Nothing changed: every lesson kept, not one request.
    const same = await analyze(second, first);
    expect(standin.requests.length).toBe(full);
    expect(same.update?.overview).toBe("kept");
    expect(new Set(Object.values(statusOf(same)))).toEqual(new Set(["kept"]));
    expect(same.usage.inputTokens).toBe(0);

    // One owned file changes: its chapter (and the lessons citing it) are written again.
    const part = before.abstractions.find((a) => a.files.length > 0);
    const file = part?.files[0] as string;
    repo.write(file, `${repo.read(file)}\nexport const ADDED = 1;\n`);
    repo.commit();
    const after = await analyze(third, second);
    const asked = standin.requests.slice(full);
    const rewritten = new Set(
      (after.update?.lessons ?? []).filter((l) => l.status === "rewritten").map((l) => l.slug),
    );
    expect(rewritten.has(part?.id as string)).toBe(true);
    expect(rewritten.size).toBeLessThan(before.chapters.length + before.tutorials.length);
    expect(after.update?.overview).toBe("kept");
    expect(asked.length).toBeGreaterThan(0);
    for (const r of asked) expect(rewritten).toContain(taskOf(r)?.slug);
    expect(asked.map((r) => taskOf(r)?.kind)).not.toContain("abstractions");
    expect(after.usage.inputTokens).toBe(
      asked.reduce((n, r) => n + (r.usage?.input_tokens ?? 0), 0),
    );
    expect(await problemsOf(repo.root, third)).toEqual([]);
  });

  it("in a shallow clone (the previous commit absent) a new module is found from the recorded folders", async () => {
    const standin = await startAnthropicStandin({ script: courseScenario });
    const repo = makeRepo();
    const [first, bare, second, third] = [tempFolder(), tempFolder(), tempFolder(), tempFolder()];
    const shallow = tempFolder();
    cleanups.push(() => standin.close(), repo.cleanup);
    for (const f of [first, bare, second, third, shallow])
      cleanups.push(() => rmSync(f, { recursive: true, force: true }));
    const env = { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: standin.url };
    const analyze = async (root: string, out: string, update?: string) => {
      const args = ["analyze", root, "--json", "--out", out, "--concurrency", "2"];
      const result = await runCli(update ? [...args, "--update", update] : args, env);
      expect(result.code).toBe(0);
      return { manifest: readManifest(out), stdout: result.stdout };
    };
    const { manifest: before } = await analyze(repo.root, first);
    expect(before.folders).not.toContain("src/payments");
    // The same previous course, as one published before folders were recorded.
    cpSync(first, bare, { recursive: true });
    const { folders: _folders, ...withoutFolders } = before;
    writeFileSync(join(bare, "course.json"), JSON.stringify(withoutFolders));

    // Big enough to be a module (decide.ts NEW_MODULE_MIN_LINES): two files, 80+ lines each.
    const body = Array.from({ length: 80 }, (_, i) => `  const step${i} = value + ${i};`);
    for (const name of ["charge", "refund"]) {
      const code = `/** ${name}. */\nexport function ${name}(value: number): number {\n${body.join("\n")}\n  return value;\n}\n`;
      repo.write(`src/payments/${name}.ts`, code);
    }
    repo.commit();
    // What the worker clones: the new commit only.
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo.root}`, shallow]);
    const hasPrevious = spawnSync("git", [
      "-C",
      shallow,
      "cat-file",
      "-e",
      `${before.repository.commit}^{commit}`,
    ]);
    expect(hasPrevious.status).not.toBe(0);

    let asked = standin.requests.length;
    const { manifest: found } = await analyze(shallow, second, first);
    expect(found.update?.overview).toBe("rewritten");
    expect(standin.requests.slice(asked).map((r) => taskOf(r)?.kind)).toContain("abstractions");
    expect(await problemsOf(shallow, second)).toEqual([]);

    // Without the folders, nothing tells the new folder from an old one: the plan is kept.
    asked = standin.requests.length;
    const { manifest: blind, stdout } = await analyze(shallow, third, bare);
    expect(blind.update?.overview).toBe("kept");
    expect(standin.requests.slice(asked).map((r) => taskOf(r)?.kind)).not.toContain("abstractions");
    expect(stdout).toMatch(/new folders are not looked for/);
  });
});
