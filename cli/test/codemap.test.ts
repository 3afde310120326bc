import { describe, expect, it } from "vitest";
import { outlineGo } from "../src/codemap/go.ts";
import { buildCodeMap } from "../src/codemap/index.ts";
import { outlineJs } from "../src/codemap/javascript.ts";
import { detectLanguage } from "../src/codemap/languages.ts";
import { readmeSections } from "../src/codemap/markdown.ts";
import { outlinePython } from "../src/codemap/python.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

describe("TypeScript/JavaScript outline", () => {
  const source = [
    "/** Parses things. */", // 1
    'import { a } from "./a.ts";', // 2
    "import type {", // 3
    "  B,", // 4
    '} from "../b/index.ts";', // 5
    'export * from "./c.js";', // 6
    "", // 7
    "/**", // 8
    " * Turns text into tokens.", // 9
    " * @param text the input", // 10
    " */", // 11
    "export function tokenize(text: string): string[] {", // 12
    '  const s = "{ not a brace";', // 13
    "  const re = /[{]/g;", // 14
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this line is the source under test
    "  const t = `${text} }`;", // 15
    "  return [s, t];", // 16
    "}", // 17
    "", // 18
    "export class Parser {", // 19
    "  /** Parse one line. */", // 20
    "  parse(line: string) {", // 21
    "    return line;", // 22
    "  }", // 23
    "  private hidden() {}", // 24
    "}", // 25
    "const helper = (x: number) => x + 1;", // 26
    "export interface Options {", // 27
    "  strict: boolean;", // 28
    "}", // 29
    "export type Mode =", // 30
    '  | "a"', // 31
    '  | "b";', // 32
    "export { helper };", // 33
    'const lazy = await import("./lazy.ts");', // 34
    'const old = require("./old.cjs");', // 35
  ].join("\n");

  it("finds declarations with their ranges, docs and export status", () => {
    const facts = outlineJs(source);
    const byName = Object.fromEntries(facts.outline.map((o) => [o.name, o]));
    expect(facts.doc).toBe("Parses things.");
    expect(byName.tokenize).toMatchObject({
      kind: "function",
      exported: true,
      line: 12,
      endLine: 17,
      doc: "Turns text into tokens.",
    });
    expect(byName.Parser).toMatchObject({ kind: "class", exported: true, line: 19, endLine: 25 });
    expect(byName["Parser.parse"]).toMatchObject({
      kind: "method",
      exported: true,
      line: 21,
      endLine: 23,
      doc: "Parse one line.",
    });
    expect(byName["Parser.hidden"]).toMatchObject({ exported: false });
    expect(byName.helper).toMatchObject({ kind: "function", exported: true, line: 26 });
    expect(byName.Options).toMatchObject({ kind: "interface", line: 27, endLine: 29 });
    expect(byName.Mode).toMatchObject({ kind: "type", line: 30, endLine: 32 });
    expect(byName.tokenize?.signature).toBe("export function tokenize(text: string): string[]");
  });

  it("collects every kind of import specifier, but not ones inside comments", () => {
    const facts = outlineJs(`${source}\n// import { x } from "./commented.ts";\n`);
    expect(facts.specifiers.sort()).toEqual([
      "../b/index.ts",
      "./a.ts",
      "./c.js",
      "./lazy.ts",
      "./old.cjs",
    ]);
  });
});

describe("TypeScript/JavaScript lexer edge cases", () => {
  it("ignores braces inside multi-line templates, comments and regexes, and keeps line numbers", () => {
    const facts = outlineJs(
      [
        "const page = `", // 1
        "  <div> { not code", // 2
        "  ${", // 3
        "    value", // 4
        "  } }`;", // 5
        "/* a { block", // 6
        "   comment { */", // 7
        "const re = /\\{/;", // 8
        "// decorated: a doc-less run of line comments", // 9
        "// that goes on", // 10
        "export class Box {", // 11
        "  @track()", // 12
        "  size = 1;", // 13
        "  grow(by: number) { return by; }", // 14
        "}", // 15
        "export function last() {}", // 16
      ].join("\n"),
    );
    const byName = Object.fromEntries(facts.outline.map((o) => [o.name, o]));
    expect(Object.keys(byName)).toEqual(["page", "re", "Box", "Box.grow", "last"]);
    expect(byName.page).toMatchObject({ line: 1, endLine: 5 });
    expect(byName.Box).toMatchObject({
      line: 11,
      endLine: 15,
      doc: "decorated: a doc-less run of line comments that goes on",
    });
    expect(byName["Box.grow"]).toMatchObject({ line: 14, endLine: 14 });
    expect(byName.last).toMatchObject({ line: 16, exported: true });
  });

  it("does not give a declaration the `//` run that continues below its line", () => {
    const facts = outlineJs(["// one", "export const a = 1; // two", "// three"].join("\n"));
    expect(facts.outline[0]).toMatchObject({ name: "a" });
    expect(facts.outline[0]?.doc).toBeUndefined();
  });

  it("keeps imports in order, once each, and skips keywords inside longer names", () => {
    const facts = outlineJs(
      [
        'const a = require("./a.cjs");',
        'import b from "./b.ts";',
        'const reimport = myimport("./not-an-import.ts");',
        'export { c } from "./c.ts";',
        'import("./d.ts");',
        'import b2 from "./b.ts";',
      ].join("\n"),
    );
    expect(facts.specifiers).toEqual(["./b.ts", "./c.ts", "./a.cjs", "./d.ts"]);
  });
});

describe("Python outline", () => {
  it("finds functions, classes, methods, docstrings and imports; honours __all__", () => {
    const facts = outlinePython(
      [
        '"""Billing helpers."""', // 1
        "from .models import Invoice", // 2
        "import os, app.util as u", // 3
        "from ..core import (", // 4
        "    thing,", // 5
        ")", // 6
        '__all__ = ["charge", "Account"]', // 7
        "RATE = 3", // 8
        "", // 9
        "def charge(amount,", // 10
        "           currency):", // 11
        '    """Charge an amount.', // 12
        "", // 13
        "    def fake(): inside a docstring", // 14
        '    """', // 15
        "    return amount", // 16
        "", // 17
        "class Account(Base):", // 18
        '    """An account."""', // 19
        "    def balance(self):", // 20
        "        return 0", // 21
        "    def _secret(self):", // 22
        "        pass", // 23
        "def _private():", // 24
        "    pass", // 25
      ].join("\n"),
    );
    expect(facts.doc).toBe("Billing helpers.");
    const byName = Object.fromEntries(facts.outline.map((o) => [o.name, o]));
    expect(Object.keys(byName)).toEqual([
      "RATE",
      "charge",
      "Account",
      "Account.balance",
      "Account._secret",
      "_private",
    ]);
    expect(byName.charge).toMatchObject({
      kind: "function",
      exported: true,
      line: 10,
      endLine: 16,
      doc: "Charge an amount.",
    });
    expect(byName.Account).toMatchObject({
      kind: "class",
      exported: true,
      line: 18,
      endLine: 23,
      doc: "An account.",
    });
    expect(byName["Account.balance"]).toMatchObject({ kind: "method", exported: true });
    expect(byName["Account._secret"]?.exported).toBe(false);
    expect(byName.RATE?.exported).toBe(false); // not in __all__
    expect(facts.specifiers.sort()).toEqual(["..core", ".models", "app.util", "os"]);
  });
});

describe("Go outline", () => {
  it("finds funcs, methods, types, grouped consts and imports", () => {
    const facts = outlineGo(
      [
        "// Package store keeps things.", // 1
        "package store", // 2
        "", // 3
        "import (", // 4
        '\t"fmt"', // 5
        '\tdb "example.com/app/internal/db"', // 6
        ")", // 7
        "", // 8
        "const (", // 9
        "\tMaxItems = 10", // 10
        "\tminItems = 1", // 11
        ")", // 12
        "", // 13
        "// Store holds items.", // 14
        "type Store struct {", // 15
        "\titems []string", // 16
        "}", // 17
        "", // 18
        "// Add appends an item.", // 19
        "func (s *Store) Add(item string) {", // 20
        '\tif item == "}" {', // 21
        "\t\treturn", // 22
        "\t}", // 23
        "\ts.items = append(s.items, item)", // 24
        "}", // 25
        "", // 26
        "func helper() {}", // 27
      ].join("\n"),
    );
    expect(facts.doc).toBe("Package store keeps things.");
    expect(facts.specifiers).toEqual(["fmt", "example.com/app/internal/db"]);
    const byName = Object.fromEntries(facts.outline.map((o) => [o.name, o]));
    expect(byName.MaxItems).toMatchObject({ kind: "const", exported: true, line: 10 });
    expect(byName.minItems?.exported).toBe(false);
    expect(byName.Store).toMatchObject({
      kind: "struct",
      exported: true,
      line: 15,
      endLine: 17,
      doc: "Store holds items.",
    });
    expect(byName["Store.Add"]).toMatchObject({
      kind: "method",
      exported: true,
      line: 20,
      endLine: 25,
      doc: "Add appends an item.",
    });
    expect(byName.helper).toMatchObject({ kind: "function", exported: false, line: 27 });
  });
});

describe("code map of a polyglot repository", () => {
  it("resolves imports inside the repository for each language and reads the README", async () => {
    const root = tree({
      "README.md":
        "# Demo\n\nA demo app.\n\n## Install\n\n```sh\nnpm i\n# not a heading\n```\n\n## Usage\n\nRun it.\n",
      "package.json": JSON.stringify({ name: "demo", workspaces: ["packages/*"] }),
      "packages/core/package.json": JSON.stringify({
        name: "@demo/core",
        exports: { ".": "./src/index.ts" },
      }),
      "packages/core/src/index.ts": 'export * from "./math.ts";\n',
      "packages/core/src/math.ts": "export const add = (a: number, b: number) => a + b;\n",
      "packages/app/src/main.ts":
        'import { add } from "@demo/core";\nimport { x } from "./x.js";\nimport z from "zod";\n',
      "packages/app/src/x.ts": "export const x = 1;\n",
      "py/app/__init__.py": "",
      "py/app/models.py": "class User:\n    pass\n",
      "py/app/service.py": "from .models import User\nfrom app.util import helper\nimport json\n",
      "py/app/util.py": "def helper():\n    pass\n",
      "go/go.mod": "module example.com/shop\n\ngo 1.22\n",
      "go/cmd/main.go":
        'package main\n\nimport "example.com/shop/internal/cart"\n\nfunc main() { cart.New() }\n',
      "go/internal/cart/cart.go": "package cart\n\nfunc New() {}\n",
      "go/internal/cart/cart_test.go": "package cart\n",
      "notes.rs": "pub fn run() {}\nfn hidden() {}\n",
    });
    const { map } = await buildCodeMap(root);
    const imports = (p: string) => map.files.find((f) => f.path === p)?.imports;
    expect(imports("packages/app/src/main.ts")).toEqual([
      "packages/app/src/x.ts",
      "packages/core/src/index.ts",
    ]);
    expect(imports("packages/core/src/index.ts")).toEqual(["packages/core/src/math.ts"]);
    expect(imports("py/app/service.py")).toEqual(["py/app/models.py", "py/app/util.py"]);
    expect(imports("go/cmd/main.go")).toEqual(["go/internal/cart/cart.go"]);
    expect(map.name).toBe("demo");
    expect(map.languages).toMatchObject({ typescript: 4, python: 4, go: 3, rust: 1, markdown: 1 });
    expect(map.readme?.sections.map((s) => s.title)).toEqual(["Demo", "Install", "Usage"]);
    expect(map.readme?.sections[1]?.text).toContain("# not a heading");
    const rust = map.files.find((f) => f.path === "notes.rs");
    expect(rust?.outline.map((o) => [o.name, o.exported])).toEqual([
      ["run", true],
      ["hidden", false],
    ]);
    const math = map.files.find((f) => f.path === "packages/core/src/math.ts");
    expect(math).toMatchObject({ lines: 1, tokens: Math.ceil(52 / 4) });
  });

  it("detects languages from names and shebangs", () => {
    expect(detectLanguage("a/b.tsx")).toBe("typescript");
    expect(detectLanguage("Dockerfile")).toBe("dockerfile");
    expect(detectLanguage("bin/tool", "#!/usr/bin/env python3")).toBe("python");
    expect(detectLanguage("bin/run", "#!/usr/bin/env node")).toBe("javascript");
    expect(detectLanguage("LICENSE")).toBeNull();
  });

  it("splits README sections without treating fenced lines as headings", () => {
    const sections = readmeSections("Intro text\n# Title\n```\n# code\n```\n## Next\nBody\n");
    expect(sections.map((s) => [s.title, s.depth])).toEqual([
      ["", 0],
      ["Title", 1],
      ["Next", 2],
    ]);
  });
});
