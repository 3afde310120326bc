/**
 * Hostile inputs for every parser that reads file content (codemap/, scan/text.ts, the
 * output checks that read lessons holding excerpts), and a child-process runner that
 * reports the CPU time each parser spent on each input. Used by test/fuzz-parsers.test.ts
 * and bench/fuzz.ts.
 *
 * `node fuzz-cases.ts <case>` runs every parser on one case and prints one JSON line per
 * parser: { parser, cpuMs } (this thread's CPU time, so other work on the machine and the
 * collector's helper threads do not count).
 */
import { spawn } from "node:child_process";
import { docText, shorten } from "../../src/codemap/doc.ts";
import { mapSource } from "../../src/codemap/file.ts";
import { outlineGeneric } from "../../src/codemap/generic.ts";
import { outlineGo } from "../../src/codemap/go.ts";
import { outlineJs } from "../../src/codemap/javascript.ts";
import { detectLanguage, isTestPath } from "../../src/codemap/languages.ts";
import { markdownDoc, readmeSections } from "../../src/codemap/markdown.ts";
import { outlinePython } from "../../src/codemap/python.ts";
import { ImportResolver } from "../../src/codemap/resolve.ts";
import { codeBlock } from "../../src/offline/excerpts.ts";
import { docLine, docProse, readmeProse } from "../../src/offline/prose/index.ts";
import { citationsInMarkdown } from "../../src/output/citations.ts";
import { mermaidBlocks } from "../../src/output/mermaid.ts";
import { fromImports, plainImports } from "../../src/pipeline/python-imports.ts";
import { declaredModules } from "../../src/pipeline/rust-modules.ts";
import { parseTomlLite } from "../../src/pipeline/toml-lite.ts";
import { byteLineStats, decodeText, lineStats, looksBinary } from "../../src/scan/text.ts";

const KB = 1024;
const rep = (unit: string, size = 400 * KB) =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** A deterministic mix of the characters parsers act on (xorshift32, fixed seed). */
function seededMix(seed: number, size: number): string {
  const pieces = [
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "<",
    ">",
    "`",
    "*",
    "_",
    "#",
    "!",
    "/",
    "\\",
    "'",
    '"',
    '"""',
    "'''",
    "/*",
    "*/",
    "//",
    "${",
    "=",
    ":",
    ";",
    ",",
    ".",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\0",
    "a",
    "x1",
    "def ",
    "func ",
    "class ",
    "import ",
    "from ",
    "export ",
    "const ",
    "fn ",
    "pub ",
    "type ",
    "](",
    "![",
    "# ",
    "```",
    "=>",
    "é",
    "\u202e",
  ];
  let x = seed >>> 0 || 1;
  let out = "";
  while (out.length < size) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out += pieces[x % pieces.length];
  }
  return out.slice(0, size);
}

/** Each case: a name and the text (at most 1 MiB). */
export const CASES: Record<string, () => string> = {
  "open brackets [": () => rep("["),
  "open parens (": () => rep("("),
  "open braces {": () => rep("{"),
  "angles <": () => rep("<"),
  backticks: () => rep("`"),
  "star runs *": () => rep("*"),
  "underscore runs _": () => rep("_"),
  "image openers ![": () => rep("!["),
  "link pieces [](": () => rep("[]("),
  "heading of [": () => `# ${rep("[")}`,
  "heading with trailing spaces": () => `# a${rep(" ")}b`,
  "unclosed block comment": () => `/*${rep("a * ")}`,
  "unclosed double quotes": () => rep('"'),
  "unclosed single quotes": () => rep("'"),
  "escaped quotes": () => `func f() {${rep('"\\')}\n}`,
  "unclosed template literals": () => rep("`${"),
  "unclosed docstring": () => `def f():\n    """${rep("a\n")}`,
  "unclosed raw strings": () => rep("`a\n"),
  "regex literal classes": () => rep("(/["),
  "long line 1 MiB": () => rep("a", 1024 * KB),
  "long line of spaces 1 MiB": () => `${rep(" ", 1024 * KB)}x`,
  "deep nesting": () => rep("{[(<"),
  "mixed CRLF": () => rep("a\r\n{\r(\n[\r\n"),
  "NUL bytes": () => rep("\0a\0["),
  "python from dots": () => `from ${rep(".")}`,
  "python header colons": () => `def f():${rep(":#")}\rx`,
  "python __all__ lines": () => rep("__all__ = [\n"),
  "go receiver spaces": () => `func (${rep(" ")}`,
  "go func lines": () => rep("func f() {\n"),
  "js continued declarations": () => rep("const b = 2 +\n"),
  "js method calls in a class": () => `class A {\n${rep("a(\n")}`,
  "js arrow heads": () => `const a = ${rep("=(")}`,
  "js import lines": () => rep("import a\n"),
  "js export lists": () => rep("export {a\n"),
  "c call after spaces": () => `int a()${rep(" ")}x`,
  // What the offline course's prose cleaners meet in READMEs and doc comments, unclosed.
  "unclosed tags": () => rep("<a href=x "),
  "nested image openers": () => rep("![![["),
  "unclosed rst roles": () => rep(":class:`"),
  "unclosed jsdoc links": () => rep("{@link "),
  "link of rust paths": () => `[${rep("a::")}`,
  "unclosed html comments": () => rep("<!--"),
  "indented lines": () => rep("  x\n"),
  "rst directives": () => rep(".. note::\n\n"),
  "seeded random mix": () => seededMix(20240611, 400 * KB),
  "seeded random lines": () => seededMix(7, 400 * KB).replace(/[\r\n]/g, "") + "\n".repeat(10),
};

const GENERIC_LANGUAGES = [
  "rust",
  "java",
  "kotlin",
  "scala",
  "csharp",
  "swift",
  "ruby",
  "php",
  "c",
  "cpp",
];

/** Every parser, as a function of the text. */
export const PARSERS: Record<string, (text: string) => unknown> = {
  markdownDoc,
  readmeSections,
  outlinePython,
  outlineGo,
  outlineJs,
  ...Object.fromEntries(
    GENERIC_LANGUAGES.map((l) => [`outlineGeneric(${l})`, (t: string) => outlineGeneric(t, l)]),
  ),
  docText: (t) => docText(t),
  shorten: (t) => shorten(t, 300),
  detectLanguage: (t) => detectLanguage("script", t),
  isTestPath,
  // The manifest and import readers the centrality ranking runs on every repository.
  "python from-imports": fromImports,
  "python imports": plainImports,
  "rust mod declarations": declaredModules,
  "toml manifests": parseTomlLite,
  citationsInMarkdown,
  mermaidBlocks,
  codeBlock: (t) => codeBlock(t, "ts"),
  "prose: doc line": docLine,
  "prose: doc comment": (t) => docProse(t, "python"),
  "prose: README section": readmeProse,
  "text: stats, sniff, decode": (t) => {
    const bytes = Buffer.from(t);
    return [lineStats(t), byteLineStats(bytes), looksBinary(bytes), decodeText(bytes)];
  },
  ...Object.fromEntries(
    ["README.md", "a.py", "a.go", "a.ts", "a.rs", "a.c", "package.json", "go.mod", "script"].map(
      (name) => [`mapSource(${name})`, (t: string) => mapSource(name, Buffer.from(t))],
    ),
  ),
  "ImportResolver: specifiers from the text": (t) => {
    const specs = t.split(/[\s,]+/, 2000).filter((s) => s !== "");
    const resolver = new ImportResolver(["a.py", "b/c.go", "d.ts"], {
      packages: [{ dir: "", json: { name: t.slice(0, 200) } }],
      goModules: [{ dir: "", module: "example.com/m" }],
    });
    return [
      resolver.resolve("a.py", "python", [...specs, t.slice(0, 64 * KB)]),
      resolver.resolve("d.ts", "typescript", [...specs, t.slice(0, 64 * KB)]),
      resolver.resolve("b/c.go", "go", [...specs, t.slice(0, 64 * KB)]),
    ];
  },
};

export interface CaseResult {
  parser: string;
  cpuMs: number;
}

export interface ChildRun {
  results: CaseResult[];
  /** The parser still running when the watchdog killed the child, if it did. */
  killedIn?: string;
  stderr: string;
}

/**
 * Runs one case in a child process. The wall-clock limit is only a watchdog against a
 * parser that would run for minutes; what a test asserts on is the CPU time reported.
 */
export function runCaseInChild(name: string, watchdogMs = 30_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--no-warnings", import.meta.filename, name], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, watchdogMs);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      const results = stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as CaseResult);
      const run: ChildRun = { results, stderr };
      if (killed) run.killedIn = Object.keys(PARSERS)[results.length] ?? "?";
      resolve(run);
    });
  });
}

function runCase(name: string): void {
  const make = CASES[name];
  if (!make) throw new Error(`no case ${name}`);
  const text = make();
  for (const [parser, parse] of Object.entries(PARSERS)) {
    const start = process.threadCpuUsage();
    parse(text);
    const used = process.threadCpuUsage(start);
    const result: CaseResult = { parser, cpuMs: (used.user + used.system) / 1000 };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

if (process.argv[1] === import.meta.filename && process.argv[2]) runCase(process.argv[2]);
