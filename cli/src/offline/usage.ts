/**
 * Tests as usage examples: for a declaration, the smallest test case of the repository that
 * calls it (a test function from the code map's outline, or a JavaScript `it(...)`/`test(...)`
 * block), with its range to cite and the command that runs that one test.
 *
 * Read by the module chapters (a usage example under the key declarations) and by the trace
 * tutorials (the matching test to read, run and change).
 */

import type { Citation } from "@fondation/shared";
import { isTestPath } from "../codemap/languages.ts";
import type { CodeMap, MapFile, OutlineItem, SourceReader } from "../types.ts";
import type { CourseContext } from "./chapters.ts";
import { ownerName, shortName } from "./core.ts";
import { codeBlock, fenceLanguage } from "./excerpts.ts";
import { teachLabels } from "./teachLabels.ts";

export interface TestCase {
  path: string;
  /** The test's own name (`TestExecute`, `test_run`, the `it(...)` title). */
  name: string;
  /** For a test method, the class that holds it (pytest needs `path::Class::test`). */
  owner?: string;
  startLine: number;
  endLine: number;
}

export interface UsageExample extends TestCase {
  /** The lines of the test, at most MAX_USAGE_LINES of them. */
  code: string;
  truncated: boolean;
}

export const MAX_USAGE_LINES = 30;
/** Test files read per course: enough for a real suite, bounded for huge repositories. */
const MAX_TEST_FILES = 400;
const MAX_TEST_BYTES = 6_000_000;

interface TestText {
  file: MapFile;
  lines: string[];
  cases: TestCase[];
}

const cache = new WeakMap<CodeMap, Promise<TestText[]>>();

/** The repository's test files, read once per code map. */
export function testFiles(map: CodeMap, reader: SourceReader): Promise<TestText[]> {
  let found = cache.get(map);
  if (!found) {
    found = readTests(map, reader);
    cache.set(map, found);
  }
  return found;
}

async function readTests(map: CodeMap, reader: SourceReader): Promise<TestText[]> {
  const out: TestText[] = [];
  let bytes = 0;
  const files = map.files.filter((f) => isTestPath(f.path) && f.language && f.outline);
  for (const file of files.slice(0, MAX_TEST_FILES)) {
    if (bytes + file.bytes > MAX_TEST_BYTES) break;
    bytes += file.bytes;
    try {
      const lines = (await reader.read(file.path)).split("\n");
      out.push({ file, lines, cases: testCases(file, lines) });
    } catch {
      // an unreadable test file is simply not an example
    }
  }
  return out;
}

/**
 * Whether an outlined function of a test file is a test its runner runs by name (a helper
 * such as `executeCommand` is not): Go `TestX`, Python `test_x`, Rust `#[test]`
 * (or `#[tokio::test]`) on the lines above. JavaScript tests are `it`/`test` blocks.
 */
function isTestFunction(language: string | null, o: OutlineItem, lines: string[]): boolean {
  const name = shortName(o.name);
  switch (language) {
    case "go":
      return o.kind === "function" && /^Test[A-Z_0-9]?/.test(name);
    case "python":
      return /^test/.test(name);
    case "rust": {
      const above = lines.slice(Math.max(0, o.line - 4), o.line - 1).join("\n");
      return /#\[(\w+::)?test\]/.test(above);
    }
    case "javascript":
    case "typescript":
      return false;
    default:
      return /^test/i.test(name);
  }
}

const JS_CASE = /^(\s*)(?:it|test)(?:\.only|\.concurrent)?\s*\(\s*(['"`])(.*?)\2/;

/** The test cases of one test file: outlined functions and methods, and `it`/`test` blocks. */
export function testCases(file: MapFile, lines: string[]): TestCase[] {
  const cases: TestCase[] = [];
  for (const o of file.outline) {
    if (o.kind !== "function" && o.kind !== "method") continue;
    const end = o.endLine ?? o.line;
    if (end <= o.line || !isTestFunction(file.language, o, lines)) continue;
    cases.push({
      path: file.path,
      name: shortName(o.name),
      owner: ownerName(o.name),
      startLine: o.line,
      endLine: end,
    });
  }
  lines.forEach((line, i) => {
    const m = JS_CASE.exec(line);
    if (!m) return;
    const indent = (m[1] as string).length;
    // The block ends at the first later line, as indented as the `it(`, that closes it.
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      if (l.trim() === "" || l.length - l.trimStart().length !== indent) continue;
      if (/^\s*[})]/.test(l))
        cases.push({ path: file.path, name: m[3] as string, startLine: i + 1, endLine: j + 1 });
      break;
    }
  });
  return cases;
}

/**
 * A pattern for a use of the name: a call (`name(`, `.name(`), `new Name`, `Name{`, `Name::`.
 * Nothing may stand between the name and the bracket: prose says "Flask (there named …)"
 * and "Flask {version}", code does not.
 */
export function usePattern(name: string): RegExp {
  const n = shortName(name).replace(/[$]/g, "\\$");
  return new RegExp(`(^|[^\\w$])(${n}(\\(|\\{|::)|new\\s+${n}\\b)`);
}

/** The smallest test case that uses the declaration, or null when no test does. */
export async function usageExample(
  map: CodeMap,
  reader: SourceReader,
  item: OutlineItem,
): Promise<UsageExample | null> {
  const pattern = usePattern(item.name);
  let best: { t: TestText; c: TestCase } | null = null;
  for (const t of await testFiles(map, reader)) {
    for (const c of t.cases) {
      const size = c.endLine - c.startLine;
      if (best && size >= best.c.endLine - best.c.startLine) continue;
      // The first line is the test's own signature: a use is in its body.
      const body = t.lines.slice(c.startLine, c.endLine);
      if (body.some((l) => pattern.test(l) && !/^\s*(\/\/|#|\*|\/\*)/.test(l))) best = { t, c };
    }
  }
  if (!best) return null;
  const { t, c } = best;
  const shown = Math.min(c.endLine, c.startLine + MAX_USAGE_LINES - 1);
  return {
    ...c,
    code: t.lines.slice(c.startLine - 1, shown).join("\n"),
    truncated: shown < c.endLine,
  };
}

const EXAMPLE_KINDS = new Set(["function", "method", "class", "struct"]);

/**
 * A module chapter's usage example: the smallest test calling the first of its key
 * declarations that a test calls (a few are tried), quoted and cited; nothing without one.
 */
export async function usageSection(
  ctx: CourseContext,
  items: { item: OutlineItem }[],
  citations: Citation[],
): Promise<string[]> {
  for (const { item } of items.filter((i) => EXAMPLE_KINDS.has(i.item.kind)).slice(0, 4)) {
    const usage = await usageExample(ctx.map, ctx.reader, item);
    if (!usage) continue;
    const T = teachLabels(ctx.L);
    const cite = `${usage.path}:${usage.startLine}-${usage.endLine}`;
    citations.push({ path: usage.path, startLine: usage.startLine, endLine: usage.endLine });
    const language = ctx.map.files.find((f) => f.path === usage.path)?.language ?? null;
    return [
      `## ${T.usageTitle}`,
      "",
      T.usageIntro(item.name, usage.name, cite),
      "",
      codeBlock(usage.code, fenceLanguage(language)),
      "",
      ...(usage.truncated ? [`_${ctx.L.firstLines(MAX_USAGE_LINES)}_`, ""] : []),
    ];
  }
  return [];
}
