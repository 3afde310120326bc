import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { courseManifestSchema, ZERO_USAGE } from "@fondation/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { flowchart, mermaidBlock } from "../src/offline/diagrams.ts";
import { citationProblems, citationsInMarkdown } from "../src/output/citations.ts";
import { mermaidBlocks, mermaidError } from "../src/output/mermaid.ts";
import { lessonProblems } from "../src/output/validate.ts";
import { checkOutputFolder, writeCourse } from "../src/output/write.ts";
import type { AnalyzeOptions, CourseDraft, LessonDraft } from "../src/types.ts";
import { fixtureTrees } from "./helpers/tree.ts";

// Loading mermaid takes a while under vitest: do it once, up front.
beforeAll(async () => {
  await mermaidError("flowchart LR\n  a --> b");
}, 120_000);

const tree = fixtureTrees();

describe("Mermaid checks use mermaid's own parser", () => {
  it("accepts valid diagrams and rejects broken ones with the parser's message", async () => {
    expect(await mermaidError("flowchart LR\n  a --> b\n")).toBeNull();
    expect(await mermaidError("sequenceDiagram\n  A->>B: hi\n")).toBeNull();
    expect(await mermaidError("flowchart TD\n  A -->\n")).toMatch(/Parse error/);
    expect(await mermaidError("not a diagram at all")).toMatch(
      /No diagram type detected|not a diagram|UnknownDiagram/i,
    );
    expect("window" in globalThis).toBe(false); // no DOM is set up (the SDK checks for one)
    // Labels go through mermaid's sanitising step, which runs without a DOM here.
    expect(await mermaidError('flowchart LR\n  a["<b>bold</b> & co"] --> b\n')).toBeNull();
    expect(await mermaidError("classDiagram\n  class Animal\n")).toBeNull();
  });

  it("generated flowcharts parse whatever the names", async () => {
    const names = ['say "hi"', "a[b]{c}(d)", "émoji 🚀 <b>", "x --> y", "end", "graph"];
    const diagram = flowchart(
      names.map((label, i) => ({ id: `id${i}`, label, focus: i === 0 })),
      names.slice(1).map((_, i) => ({ from: `id${i}`, to: `id${i + 1}`, label: "uses | imports" })),
    );
    expect(await mermaidError(diagram)).toBeNull();
  });

  it("finds mermaid blocks but not fences quoted inside other code blocks", () => {
    const md = [
      "# t",
      "````md",
      "```mermaid",
      "broken",
      "```",
      "````",
      "",
      "```mermaid",
      "flowchart LR",
      "  a --> b",
      "```",
    ].join("\n");
    expect(mermaidBlocks(md)).toEqual([{ line: 8, source: "flowchart LR\n  a --> b" }]);
  });
});

describe("citations", () => {
  it("reads path:start-end citations from inline code, not host:port", () => {
    expect(
      citationsInMarkdown(
        "see `src/a.ts:3-9`, `b.py:4`, `localhost:3000`, `10.0.0.1:80` and `Makefile`",
      ),
    ).toEqual([
      { path: "src/a.ts", startLine: 3, endLine: 9 },
      { path: "b.py", startLine: 4, endLine: 4 },
    ]);
  });

  it("does not read citations inside fenced code, at any indentation, until the fence closes", () => {
    const markdown = [
      "Prose cites `src/a.ts:1-2`.",
      "```ts",
      'const answer = "In `src/quoted.ts:1-2`.";',
      "``` not a closing fence",
      'expect(text).toBe("`src/still-quoted.ts:3`");',
      "```",
      "1. A step:",
      "   ~~~~sh",
      "   echo '`src/step.ts:4-5`'",
      "   ~~~",
      "   echo '`src/step-still.ts:6`'",
      "   ~~~~",
      "After the steps, `b.py:7`.",
      "````",
      "`src/unclosed.ts:8` runs to the end",
    ].join("\n");
    expect(citationsInMarkdown(markdown)).toEqual([
      { path: "src/a.ts", startLine: 1, endLine: 2 },
      { path: "b.py", startLine: 7, endLine: 7 },
    ]);
  });

  it("flags missing files and ranges past the end", async () => {
    const root = tree({ "a.ts": "1\n2\n3\n" });
    const { map } = await buildCodeMap(root);
    expect(citationProblems([{ path: "a.ts", startLine: 1, endLine: 3 }], map)).toEqual([]);
    expect(citationProblems([{ path: "a.ts", startLine: 2, endLine: 4 }], map)[0]).toMatch(
      /has 3 lines/,
    );
    expect(citationProblems([{ path: "b.ts", startLine: 1, endLine: 1 }], map)[0]).toMatch(
      /not a file/,
    );
  });
});

describe("writeCourse", () => {
  const lesson = (
    slug: string,
    markdown: string,
    citations: LessonDraft["citations"] = [],
  ): LessonDraft => ({
    slug,
    title: slug,
    markdown,
    citations,
  });
  const draft = (chapters: LessonDraft[], tutorials: LessonDraft[] = []): CourseDraft => ({
    title: "T",
    summary: "S",
    model: null,
    abstractions: [{ id: "core", name: "Core", description: "d", files: ["a.ts"] }],
    relationships: [],
    chapters,
    tutorials,
    usage: { ...ZERO_USAGE },
  });

  async function setup() {
    const root = tree({ "a.ts": "export const a = 1;\nexport const b = 2;\n" });
    const { map } = await buildCodeMap(root);
    const out = join(root, "course");
    const options: AnalyzeOptions = {
      dir: root,
      out,
      language: "fr",
      model: "x",
      concurrency: 1,
      resume: false,
      offline: true,
      maxChapters: 5,
    };
    return { root, map, out, options };
  }

  it("writes lessons and a manifest that validates, linked in reading order", async () => {
    const { map, out, options } = await setup();
    const good = `# One\n\n${mermaidBlock("flowchart LR\n  a --> b")}\n\nSee \`a.ts:1-2\`.\n`;
    const { manifest } = await writeCourse(
      draft([lesson("one", good), lesson("two", "# Two")], [lesson("try-it", "# Try")]),
      { map, options },
    );
    const onDisk = courseManifestSchema.parse(
      JSON.parse(readFileSync(join(out, "course.json"), "utf8")),
    );
    expect(onDisk).toEqual(manifest);
    expect(manifest.language).toBe("fr");
    expect(manifest.chapters.map((c) => [c.slug, c.file, c.prev, c.next])).toEqual([
      ["one", "chapters/01-one.md", null, "two"],
      ["two", "chapters/02-two.md", "one", "try-it"],
    ]);
    expect(manifest.tutorials[0]).toMatchObject({
      file: "tutorials/01-try-it.md",
      prev: "two",
      next: null,
    });
    expect(manifest.chapters[0]?.citations).toEqual([{ path: "a.ts", startLine: 1, endLine: 2 }]);
    expect(readFileSync(join(out, "chapters/01-one.md"), "utf8")).toBe(good);
    expect(readdirSync(out).sort()).toEqual(["chapters", "course.json", "sources", "tutorials"]);
  });

  it("refuses a lesson whose diagram does not parse, and writes nothing", async () => {
    const { map, out, options } = await setup();
    const bad = lesson("bad", `# Bad\n\n${mermaidBlock("flowchart TD\n  A -->")}\n`);
    await expect(writeCourse(draft([bad]), { map, options })).rejects.toThrow(
      /bad: the Mermaid diagram at line 3 does not parse/,
    );
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it("writes a lesson quoting code whose strings look like citations of files that do not exist", async () => {
    const { map, options } = await setup();
    // As the offline builder quotes a test: its strings are code, not the lesson's citations.
    const quoted = [
      "# One",
      "",
      "See `a.ts:1-2`; its test:",
      "",
      "```ts",
      'expect(answer("src/a.ts")).toBe("In `src/gone.ts:1-2`.");',
      "```",
    ].join("\n");
    const { manifest } = await writeCourse(draft([lesson("one", quoted)]), { map, options });
    expect(manifest.chapters[0]?.citations).toEqual([{ path: "a.ts", startLine: 1, endLine: 2 }]);
  });

  it("refuses citations outside the repository or past the end of a file", async () => {
    const { map, options } = await setup();
    await expect(
      writeCourse(draft([lesson("c", "# C\n\n`a.ts:1-9`")]), { map, options }),
    ).rejects.toThrow(/a.ts has 2 lines/);
    await expect(
      writeCourse(draft([lesson("c", "# C", [{ path: "nope.ts", startLine: 1, endLine: 1 }])]), {
        map,
        options,
      }),
    ).rejects.toThrow(/not a file of the repository/);
  });

  it("replaces a previous course in place, keeping checkpoints", async () => {
    const { map, out, options } = await setup();
    await writeCourse(draft([lesson("old", "# Old"), lesson("gone", "# Gone")]), { map, options });
    mkdirSync(join(out, "checkpoints"));
    writeFileSync(join(out, "checkpoints/01-abstractions.json"), "{}");
    await writeCourse(draft([lesson("new", "# New")]), { map, options });
    expect(readdirSync(join(out, "chapters"))).toEqual(["01-new.md"]);
    expect(existsSync(join(out, "checkpoints/01-abstractions.json"))).toBe(true);
  });

  it("will not write into a folder that holds someone else's files", async () => {
    const root = tree({ "docs/chapters/keep.md": "mine", "docs/index.md": "mine" });
    expect(() => checkOutputFolder(join(root, "docs"))).toThrow(/already holds other files/);
    expect(() => checkOutputFolder(join(root, "new-folder"))).not.toThrow();
  });

  it("lessonProblems reports each problem as a sentence", async () => {
    const { map } = await setup();
    const problems = await lessonProblems(
      lesson("x", `${mermaidBlock("flowchart LR\n  a -->")}\n\`a.ts:5-6\``),
      map,
    );
    expect(problems).toHaveLength(2);
  });
});
