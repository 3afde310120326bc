/**
 * `fondation analyze --update` on the offline path: what a refresh keeps, moves, rewrites,
 * adds and removes, and that every citation of the result resolves.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import {
  analyzeOffline,
  lessonText,
  makeRepo,
  problemsOf,
  statusOf,
  tempFolder,
} from "./fixture.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function start() {
  const repo = makeRepo();
  const first = tempFolder();
  const second = tempFolder();
  cleanups.push(repo.cleanup, () => rmSync(first, { recursive: true, force: true }));
  cleanups.push(() => rmSync(second, { recursive: true, force: true }));
  const before = (await analyzeOffline(repo.root, first)).manifest;
  return { repo, first, second, before };
}

const lines = (text: string, start: number, end: number) =>
  text
    .split("\n")
    .slice(start - 1, end)
    .join("\n");

describe("fondation analyze --update (offline)", { timeout: 60_000 }, () => {
  it("every run records the blob id of each file the course stands on, and the tree's folders", async () => {
    const { repo, before } = await start();
    expect(before.folders).toEqual(expect.arrayContaining(["src/core", "src/api"]));
    expect(before.folders).toEqual([...(before.folders ?? [])].sort());
    const paths = before.files?.map((f) => f.path) ?? [];
    expect(paths).toContain("src/core/money.ts");
    const sha = before.files?.find((f) => f.path === "src/core/money.ts")?.sha;
    const git = await import("node:child_process");
    expect(sha).toBe(
      git
        .execFileSync("git", ["-C", repo.root, "hash-object", "src/core/money.ts"], {
          encoding: "utf8",
        })
        .trim(),
    );
  });

  it("nothing changed: every lesson kept word for word, no lesson written", async () => {
    const { repo, first, second, before } = await start();
    const { manifest, events } = await analyzeOffline(repo.root, second, first);
    expect(manifest.update?.overview).toBe("kept");
    expect(manifest.update?.fromCommit).toBe(before.repository.commit);
    expect(new Set(Object.values(statusOf(manifest)))).toEqual(new Set(["kept"]));
    expect(events.filter((e) => e.kind === "chapter.started")).toEqual([]);
    for (const l of [...before.chapters, ...before.tutorials])
      expect(lessonText(second, manifest, l.slug)).toBe(lessonText(first, before, l.slug));
  });

  it("a moved function: the lessons that only cite its file keep their text, citations moved", async () => {
    const { repo, first, second, before } = await start();
    const oldMoney = repo.read("src/core/money.ts");
    // `double` moves above `round`: same code, other lines.
    const parts = oldMoney.split("/** ");
    repo.write(
      "src/core/money.ts",
      [parts[0], parts[1], parts[2], parts[4], parts[3]].join("/** "),
    );
    repo.commit();
    const { manifest } = await analyzeOffline(repo.root, second, first);
    const change = manifest.update?.lessons.find((l) => l.slug === "overview");
    expect(change).toMatchObject({
      status: "kept",
      reason: "its citations moved",
      files: ["src/core/money.ts"],
    });
    // The chapter that owns the file is written again.
    expect(statusOf(manifest)["src-core"]).toBe("rewritten");
    const was = before.chapters.find((c) => c.slug === "overview");
    const now = manifest.chapters.find((c) => c.slug === "overview");
    const moved = (now?.citations ?? []).filter(
      (c, i) => c.startLine !== was?.citations[i]?.startLine,
    );
    expect(moved.length).toBeGreaterThan(0);
    const newMoney = repo.read("src/core/money.ts");
    (now?.citations ?? []).forEach((c, i) => {
      const old = was?.citations[i];
      if (!old || c.path !== "src/core/money.ts") return;
      expect(lines(newMoney, c.startLine, c.endLine)).toBe(
        lines(oldMoney, old.startLine, old.endLine),
      );
      expect(lessonText(second, manifest, "overview")).toContain(
        `${c.path}:${c.startLine}-${c.endLine}`,
      );
    });
    expect(await problemsOf(repo.root, second)).toEqual([]);
  });

  it("a renamed file: paths follow, the lessons are kept", async () => {
    const { repo, first, second } = await start();
    const text = repo.read("src/extra/older.ts");
    repo.remove("src/extra/older.ts");
    repo.write("src/extra/oldest.ts", text);
    repo.commit();
    const { manifest } = await analyzeOffline(repo.root, second, first);
    expect(manifest.update?.overview).toBe("kept");
    expect(manifest.update?.lessons.find((l) => l.slug === "src-extra")).toMatchObject({
      status: "kept",
      reason: "src/extra/older.ts was renamed to src/extra/oldest.ts",
    });
    expect(new Set(Object.values(statusOf(manifest)))).toEqual(new Set(["kept"]));
    for (const l of [...manifest.chapters, ...manifest.tutorials]) {
      expect(lessonText(second, manifest, l.slug)).not.toContain("src/extra/older.ts");
      expect(l.citations.map((c) => c.path)).not.toContain("src/extra/older.ts");
    }
    expect(
      manifest.chapters.find((c) => c.slug === "src-extra")?.citations.map((c) => c.path),
    ).toContain("src/extra/oldest.ts");
    expect(await problemsOf(repo.root, second)).toEqual([]);
  });

  it("a deleted module: its lesson is removed, the overview rewritten, the rest kept", async () => {
    const { repo, first, second } = await start();
    repo.remove("src/extra/legacy.ts");
    repo.remove("src/extra/older.ts");
    repo.commit();
    const { manifest } = await analyzeOffline(repo.root, second, first);
    expect(manifest.update?.overview).toBe("rewritten");
    const status = statusOf(manifest);
    expect(status["src-extra"]).toBe("removed");
    expect(status.overview).toBe("rewritten");
    expect(status["src-core"]).toBe("kept");
    expect(status["src-api"]).toBe("kept");
    expect(manifest.chapters.map((c) => c.slug)).not.toContain("src-extra");
    expect(manifest.abstractions.map((a) => a.id)).not.toContain("src-extra");
    // Kept lessons link to the lessons' new files only.
    for (const l of [...manifest.chapters, ...manifest.tutorials]) {
      expect(lessonText(second, manifest, l.slug)).not.toMatch(/src-extra\.md/);
    }
    expect(await problemsOf(repo.root, second)).toEqual([]);
  });

  it("a new module: a new lesson, the overview rewritten, the rest kept", async () => {
    const { repo, first, second } = await start();
    const body = Array.from({ length: 40 }, (_, i) => `  const step${i} = value + ${i};`);
    repo.write(
      "src/payments/charge.ts",
      `/** Charges a card. */\nexport function charge(value: number): number {\n${body.join("\n")}\n  return value;\n}\n`,
    );
    repo.write(
      "src/payments/refund.ts",
      `/** Refunds a charge. */\nexport function refund(value: number): number {\n${body.join("\n")}\n  return -value;\n}\n`,
    );
    repo.commit();
    const { manifest } = await analyzeOffline(repo.root, second, first);
    expect(manifest.update?.overview).toBe("rewritten");
    expect(manifest.update?.lessons.find((l) => l.slug === "src-payments")).toMatchObject({
      status: "new",
      files: ["src/payments/charge.ts", "src/payments/refund.ts"],
    });
    expect(statusOf(manifest)["src-core"]).toBe("kept");
    expect(await problemsOf(repo.root, second)).toEqual([]);
  });

  it("cited code that changed is rewritten, and without sources/ a changed cited file is too", async () => {
    const { repo, first, second } = await start();
    repo.write("src/core/money.ts", repo.read("src/core/money.ts").replaceAll("const ", "let "));
    repo.commit();
    const { manifest } = await analyzeOffline(repo.root, second, first);
    expect(manifest.update?.lessons.find((l) => l.slug === "overview")).toMatchObject({
      status: "rewritten",
      reason: "the code it cites in src/core/money.ts changed",
    });
    expect(statusOf(manifest)["src-api"]).toBe("kept");
    expect(await problemsOf(repo.root, second)).toEqual([]);

    // The same course without its copies of the cited files cannot move citations.
    const third = tempFolder();
    cleanups.push(() => rmSync(third, { recursive: true, force: true }));
    rmSync(join(second, "sources"), { recursive: true });
    repo.write("src/core/money.ts", `\n${repo.read("src/core/money.ts")}`);
    repo.commit();
    const again = (await analyzeOffline(repo.root, third, second)).manifest;
    expect(again.update?.lessons.find((l) => l.slug === "overview")).toMatchObject({
      status: "rewritten",
      reason: "src/core/money.ts changed",
    });
    expect(await problemsOf(repo.root, third)).toEqual([]);
  });

  it("refuses a folder that is not a course, with a usage exit code", async () => {
    const { repo } = await start();
    const empty = tempFolder();
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const result = await runCli(["analyze", repo.root, "--offline", "--json", "--update", empty], {
      ANTHROPIC_API_KEY: undefined,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is not a course folder: it has no course.json");
    expect(readFileSync(join(repo.root, "README.md"), "utf8")).toContain("Shop");
  }, 30_000);
});
