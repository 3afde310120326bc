/**
 * What a lesson quotes of a declaration: its citation covers the whole declaration, and one
 * too long to quote is shown as an outline (first lines, a "… N lines …" comment in the
 * language's syntax, the closing line) that still reads as code.
 */
import { describe, expect, it } from "vitest";
import { MAX_EXCERPT_LINES, readExcerpt } from "../src/offline/excerpts.ts";
import type { MapFile, OutlineItem, SourceReader } from "../src/types.ts";

function fileOf(path: string, language: string, lines: string[]) {
  const file: MapFile = {
    path,
    language,
    bytes: lines.join("\n").length,
    lines: lines.length,
    outline: [],
    imports: [],
    tokens: 0,
  };
  const reader: SourceReader = {
    lines: async (_path, start, end) => lines.slice(start - 1, end),
  } as SourceReader;
  return { file, reader };
}

const item = (line: number, endLine: number): OutlineItem => ({
  kind: "function",
  name: "run",
  exported: true,
  line,
  endLine,
});

describe("declaration excerpts", () => {
  it("quotes a short declaration whole", async () => {
    const { file, reader } = fileOf("a.ts", "typescript", [
      "export function run() {",
      "  return 1;",
      "}",
    ]);
    const e = await readExcerpt(reader, file, item(1, 3));
    expect(e?.citation).toEqual({ path: "a.ts", startLine: 1, endLine: 3 });
    expect(e?.code).toBe("export function run() {\n  return 1;\n}");
    expect(e?.elided).toBe(0);
  });

  it("cites a long declaration whole and quotes its outline with the closing line", async () => {
    const body = Array.from({ length: 98 }, (_, k) => `  step(${k + 1});`);
    const { file, reader } = fileOf("b.ts", "typescript", [
      "export function run() {",
      ...body,
      "}",
    ]);
    const e = await readExcerpt(reader, file, item(1, 100));
    expect(e?.citation).toEqual({ path: "b.ts", startLine: 1, endLine: 100 });
    const lines = (e?.code ?? "").split("\n");
    expect(lines.length).toBeLessThanOrEqual(MAX_EXCERPT_LINES);
    expect(lines[0]).toBe("export function run() {");
    expect(lines.at(-1)).toBe("}");
    const shown = lines.length - 2;
    expect(lines.at(-2)).toBe(`  // … ${100 - shown - 1} lines …`);
    expect(e?.elided).toBe(100 - shown - 1);
  });

  it("closes a docstring the cut falls in, and comments in the language's syntax", async () => {
    const doc = Array.from({ length: 40 }, (_, k) => `    line ${k} of the docstring`);
    const { file, reader } = fileOf("app.py", "python", [
      "class App:",
      '    """The application.',
      ...doc,
      '    """',
      "",
      "    def run(self):",
      "        return 1",
    ]);
    const e = await readExcerpt(reader, file, item(1, 46));
    const lines = (e?.code ?? "").split("\n");
    expect(e?.citation.endLine).toBe(46);
    expect(lines.at(-1)).toBe("        return 1");
    expect(lines.at(-2)).toMatch(/^ {4}# … \d+ lines …$/);
    expect(lines.at(-3)).toBe('    """');
  });

  it("indents the marker at the body's level, not at the line the cut falls on", async () => {
    const body = Array.from({ length: 40 }, (_, k) => `        x${k} = ${k}`);
    const { file, reader } = fileOf("m.py", "python", [
      "class Model:",
      '    """A model."""',
      "    def save(self,",
      "             force=False):",
      ...body,
      "        return x0",
    ]);
    const e = await readExcerpt(reader, file, item(1, 45));
    const lines = (e?.code ?? "").split("\n");
    expect(lines.at(-2)).toMatch(/^ {4}# … \d+ lines …$/);
  });

  it("cuts at a paragraph break near the end of the window", async () => {
    const first = Array.from({ length: 24 }, (_, k) => `  a${k}();`);
    const rest = Array.from({ length: 40 }, (_, k) => `  b${k}();`);
    const { file, reader } = fileOf("c.js", "javascript", [
      "function run() {",
      ...first,
      "",
      ...rest,
      "}",
    ]);
    const e = await readExcerpt(reader, file, item(1, 67));
    const lines = (e?.code ?? "").split("\n");
    expect(lines.at(-3)).toBe("  a23();");
    expect(lines.at(-2)).toBe("  // … 41 lines …");
  });
});
