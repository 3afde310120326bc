/**
 * End to end (issue 12, rule c): every citation an offline course makes of a declaration
 * covers the whole declaration — in the manifest and in the lesson text, chapters and
 * tutorials alike, long declarations included (they are quoted as an outline instead).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { runCli } from "./helpers/cli.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const steps = (n: number) => Array.from({ length: n }, (_, k) => `  total += ${k};`).join("\n");

const REPO = {
  "package.json": JSON.stringify({ name: "ledger", main: "src/index.js" }),
  "README.md": "# Ledger\n\nBooks entries with `Ledger`.\n",
  "src/index.js": 'const { Ledger } = require("./ledger.js");\nmodule.exports = { Ledger };\n',
  "src/ledger.js": [
    'const { sum } = require("./sum.js");',
    "/** A book of entries. */",
    "class Ledger {",
    "  /** Adds an entry. */",
    "  add(entry) {",
    steps(45),
    "    return sum([entry]);",
    "  }",
    "}",
    "module.exports = { Ledger };",
    "",
  ].join("\n"),
  "src/sum.js": `/** Adds numbers up. */\nfunction sum(xs) {\n  let total = 0;\n${steps(40)}\n  return total + xs.length;\n}\nmodule.exports = { sum };\n`,
};

describe("offline course citations", () => {
  it("cite each declaration from its first line to its last", async () => {
    const repo = tree(REPO);
    const out = join(repo, "course");
    const result = await runCli(["analyze", repo, "--offline", "--json", "--out", out], {
      ANTHROPIC_API_KEY: undefined,
    });
    expect(result.code).toBe(0);
    const { map } = await buildCodeMap(repo, { exclude: [out] });
    const ends = new Map<string, number>();
    for (const f of map.files)
      for (const o of f.outline) ends.set(`${f.path}:${o.line}`, o.endLine ?? o.line);
    const manifest = JSON.parse(readFileSync(join(out, "course.json"), "utf8"));
    let declarations = 0;
    for (const lesson of [...manifest.chapters, ...manifest.tutorials]) {
      const text = readFileSync(join(out, lesson.file), "utf8");
      const inText = [...text.matchAll(/`([\w./-]+\.\w+):(\d+)(?:-(\d+))?`/g)].map((m) => ({
        path: m[1],
        startLine: Number(m[2]),
        endLine: Number(m[3] ?? m[2]),
      }));
      for (const c of [...lesson.citations, ...inText]) {
        const end = ends.get(`${c.path}:${c.startLine}`);
        if (end === undefined) continue;
        declarations++;
        expect(`${c.path}:${c.startLine}-${c.endLine}`).toBe(`${c.path}:${c.startLine}-${end}`);
      }
    }
    expect(declarations).toBeGreaterThan(3);
    const chapters = manifest.chapters.map((c: { file: string }) =>
      readFileSync(join(out, c.file), "utf8"),
    );
    expect(chapters.join("\n")).toMatch(/\/\/ … \d+ lines …/);
  }, 60_000);
});
