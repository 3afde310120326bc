/**
 * The offline course teaches from the code itself (issue 12): the call chain between the
 * central declarations as a sequence diagram, the smallest test that calls a declaration as
 * its usage example, and tutorials whose every step applies to the copy at hand.
 */
import type { Citation } from "@fondation/shared";
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import {
  chainCandidates,
  chainSentence,
  findCalls,
  MAX_PARTICIPANTS,
  mainChain,
  mainPathSection,
  sequenceDiagram,
} from "../src/offline/callChains.ts";
import type { CourseContext } from "../src/offline/chapters.ts";
import { findCore } from "../src/offline/core.ts";
import { labels } from "../src/offline/i18n.ts";
import {
  cargoExamples,
  exampleCommand,
  oneTestCommand,
  testSetup,
} from "../src/offline/testCommands.ts";
import { exploreTutorial, traceTargets, traceTutorial } from "../src/offline/tutorials.ts";
import { testCases, usageExample, usePattern } from "../src/offline/usage.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const GO = {
  "go.mod": "module example.com/tool\n\ngo 1.20\n",
  "tool.go": [
    "// Package tool runs commands.",
    "package tool",
    "",
    "// Command is one command of the tool.",
    "type Command struct {",
    "\tName string",
    "}",
    "",
    "// Execute runs the command.",
    "func (c *Command) Execute() error {",
    "\t// dispatch() is called below",
    "\treturn c.dispatch()",
    "}",
    "",
    "func (c *Command) dispatch() error {",
    "\tc.runHooks()",
    "\treturn nil",
    "}",
    "",
    "func (c *Command) runHooks() {",
    "\tprintln(c.Name)",
    "}",
    "",
    "func newCommand(name string) *Command {",
    "\treturn &Command{Name: name}",
    "}",
    "",
  ].join("\n"),
  "tool_test.go": [
    "package tool",
    "",
    'import "testing"',
    "",
    "func TestExecuteTwice(t *testing.T) {",
    '\tc := &Command{Name: "y"}',
    "\tc.Execute()",
    "\tc.Execute()",
    "\tc.Execute()",
    "\tc.Execute()",
    "\tc.Execute()",
    "}",
    "",
    "func TestExecute(t *testing.T) {",
    '\tc := &Command{Name: "x"}',
    "\tif err := c.Execute(); err != nil {",
    "\t\tt.Fatal(err)",
    "\t}",
    "}",
    "",
    "func runIt(c *Command) {",
    "\tc.Execute()",
    "}",
    "",
    "func TestName(t *testing.T) {",
    "\t// c.Execute() would run it",
    '\t_ = Command{Name: "x"}',
    "}",
    "",
  ].join("\n"),
};

async function context(spec: Record<string, string>, language: "en" | "fr" = "en") {
  const { map, reader } = await buildCodeMap(tree(spec));
  const core = await findCore(map, reader);
  const ctx: CourseContext = {
    map,
    reader,
    L: labels(language),
    modules: [],
    names: new Map(),
    roles: new Map(),
    overviewSlug: "overview",
    core,
    periphery: new Set(),
  };
  return ctx;
}

function declaration(ctx: CourseContext, name: string) {
  for (const file of ctx.map.files)
    for (const item of file.outline) if (item.name === name) return { file, item };
  throw new Error(`no ${name}`);
}

/** Functions of one file with a centrality score, as the chain's candidates come. */
function scoredFunction(path: string, language: string) {
  const file = { path, language, bytes: 1, lines: 500, outline: [], imports: [], tokens: 1 };
  return (name: string, line: number, score: number) => ({
    file,
    score,
    item: { kind: "function" as const, name, exported: true, line, endLine: line + 1 },
  });
}

describe("call chains", () => {
  it("follows the calls between central declarations, comments left out, as a sequence", async () => {
    const ctx = await context(GO);
    const decls = chainCandidates(ctx.core);
    const chain = mainChain(decls, await findCalls(ctx.reader, decls));
    expect(chain.map((c) => `${c.from.item.name}>${c.to.item.name}`)).toEqual([
      "Command.Execute>Command.dispatch",
      "Command.dispatch>Command.runHooks",
    ]);
    expect(chainSentence(chain, { calls: "calls", whichCalls: "which calls", and: "and" })).toBe(
      "`Execute` calls `dispatch`, which calls `runHooks`",
    );
    const diagram = sequenceDiagram(chain) ?? "";
    expect(diagram.split("\n").filter((l) => /^\s*participant /.test(l))).toHaveLength(3);
    expect(diagram.split("\n").filter((l) => /->>/.test(l))).toEqual([
      "  p0->>p1: dispatch()",
      "  p1->>p2: runHooks()",
    ]);
    expect(sequenceDiagram(chain.slice(0, 1))).toBeNull();
    const citations: Citation[] = [];
    const section = (await mainPathSection(ctx, citations)).join("\n");
    expect(section).toContain("```mermaid\nsequenceDiagram");
    // The sentence cites each declaration it names, whole.
    expect(section).toContain("`Command.dispatch` (`tool.go:15-18`)");
    expect(citations).toContainEqual({ path: "tool.go", startLine: 15, endLine: 18 });
  });

  it("keeps at most 12 participants, the callees that lead furthest, and says a fork as a list", () => {
    const file = {
      path: "a.go",
      language: "go",
      bytes: 1,
      lines: 500,
      outline: [],
      imports: [],
      tokens: 1,
    };
    const decl = (name: string, line: number) => ({
      file,
      item: { kind: "function" as const, name, exported: true, line, endLine: line + 1 },
    });
    const root = decl("root", 1);
    const leaves = Array.from({ length: 20 }, (_, i) => decl(`leaf${i}`, 10 + 2 * i));
    const deep = decl("deep", 100);
    const deeper = decl("deeper", 110);
    const calls = [
      ...leaves.map((to) => ({ from: root, to })),
      { from: root, to: deep },
      { from: deep, to: deeper },
    ];
    const chain = mainChain([root, ...leaves, deep, deeper], calls);
    // The callee with calls under it is kept before the leaves, and followed.
    expect(chain.map((c) => c.to.item.name)).toContain("deeper");
    expect(chainSentence(chain, { calls: "calls", whichCalls: "which calls", and: "and" })).toBe(
      "`root` calls `leaf0`, `leaf1` and `deep`",
    );
    // A full tree of three calls per caller, four levels: 40 declarations, 12 drawn.
    const tree = [decl("t", 1)];
    const treeCalls = [];
    for (let i = 0; tree.length < 40; i++)
      for (let k = 0; k < 3; k++) {
        const child = decl(`t${tree.length}`, 200 + tree.length * 2);
        treeCalls.push({ from: tree[i] as (typeof tree)[number], to: child });
        tree.push(child);
      }
    const capped = mainChain(tree, treeCalls);
    const drawn = new Set(capped.flatMap((c) => [c.from, c.to]));
    expect(drawn.size).toBe(MAX_PARTICIPANTS);
    // Level by level: all of the root's three callees are drawn before any grandchild's.
    expect(capped.filter((c) => c.from === tree[0]).length).toBe(3);
  });

  it("starts from a central declaration called by few, not one every path calls back", () => {
    const decl = scoredFunction("a.go", "go");
    const [entry, b, c, usage, d, e] = [
      decl("entry", 1, 10),
      decl("b", 10, 0),
      decl("c", 20, 0),
      decl("usage", 30, 20),
      decl("d", 40, 0),
      decl("e", 50, 0),
    ];
    const calls = [
      [entry, b],
      [entry, c],
      [entry, usage],
      [b, usage],
      [c, usage],
      [usage, d],
      [usage, e],
    ].map(([from, to]) => ({ from: from as typeof entry, to: to as typeof entry }));
    const chain = mainChain([usage, entry, b, c, d, e], calls);
    expect(chain[0]?.from.item.name).toBe("entry");
  });

  it("starts from the package's front door when it calls into the core, however central the rest", () => {
    const decl = scoredFunction("a.js", "javascript");
    const [door, route, handle, send, reply] = [
      decl("door", 1, 0),
      decl("route", 10, 0),
      decl("handle", 20, 50),
      decl("send", 30, 0),
      decl("reply", 40, 0),
    ];
    const calls = [
      [door, route],
      [handle, send],
      [handle, reply],
      [send, reply],
    ].map(([from, to]) => ({ from: from as typeof door, to: to as typeof door }));
    const decls = [handle, door, route, send, reply];
    expect(mainChain(decls, calls)[0]?.from.item.name).toBe("handle");
    const fromDoor = mainChain(decls, calls, (d) => d === door);
    expect(fromDoor.map((c) => `${c.from.item.name}->${c.to.item.name}`)).toEqual(["door->route"]);
  });

  it("leaves out a method name two declarations share: `.Close(` says not which", async () => {
    const ctx = await context({
      "go.mod": "module example.com/x\n",
      "x.go": [
        "package x",
        "",
        "type File struct{}",
        "",
        "func (f *File) Close() {",
        "\tprintln(1)",
        "}",
        "",
        "type Conn struct{}",
        "",
        "func (c *Conn) Close() {",
        "\tprintln(2)",
        "}",
        "",
        "func Serve(f *File) {",
        "\tf.Close()",
        "\tflush()",
        "}",
        "",
        "func flush() {",
        "\tprintln(3)",
        "}",
        "",
      ].join("\n"),
    });
    const decls = chainCandidates(ctx.core);
    const calls = await findCalls(ctx.reader, decls);
    expect(calls.map((c) => `${c.from.item.name}>${c.to.item.name}`)).toEqual(["Serve>flush"]);
  });

  it("draws nothing when no central declaration calls another", async () => {
    const ctx = await context({
      "go.mod": "module example.com/x\n",
      "x.go": "package x\n\n// A is alone.\nfunc Alone() int {\n\treturn 1\n}\n",
    });
    expect(await mainPathSection(ctx, [])).toEqual([]);
  });
});

describe("tests as usage examples", () => {
  it("quotes the smallest test whose body calls the declaration, not one that names it in a comment", async () => {
    const ctx = await context(GO);
    const { item } = declaration(ctx, "Command.Execute");
    const usage = await usageExample(ctx.map, ctx.reader, item);
    expect(usage).toMatchObject({ path: "tool_test.go", name: "TestExecute", startLine: 14 });
    expect(usage?.endLine).toBe(19);
    expect(usage?.code).toContain("c.Execute()");
    expect(usage && oneTestCommand(await testSetup(ctx.map, ctx.reader), usage)).toBe(
      "go test -run '^TestExecute$' -v ./",
    );
  });

  it("finds JavaScript it(...) blocks and runs one with the project's runner", async () => {
    const ctx = await context({
      "package.json": JSON.stringify({
        name: "app",
        main: "index.js",
        scripts: { test: "mocha" },
        devDependencies: { mocha: "10" },
      }),
      "index.js": "function createApp() {\n  return {};\n}\nmodule.exports = createApp;\n",
      "test/app.test.js": [
        'const createApp = require("../index.js");',
        'describe("app", () => {',
        '  it("makes an app", () => {',
        "    const a = createApp();",
        "    a.use(1);",
        "  });",
        '  it("does nothing", () => {',
        "    return 1;",
        "  });",
        "});",
        "",
      ].join("\n"),
    });
    const { item } = declaration(ctx, "createApp");
    const usage = await usageExample(ctx.map, ctx.reader, item);
    expect(usage).toMatchObject({ name: "makes an app", startLine: 3, endLine: 6 });
    expect(usage && oneTestCommand(await testSetup(ctx.map, ctx.reader), usage)).toBe(
      "npx mocha test/app.test.js -g 'makes an app'",
    );
  });

  it("counts a call or a literal, not the name in prose", () => {
    const use = usePattern("App.Flask");
    expect(use.test("    app = Flask(__name__)")).toBe(true);
    expect(use.test("c := &Flask{Name: 1}")).toBe(true);
    expect(use.test("of Flask (there named `x`)")).toBe(false);
    expect(use.test('f"Flask {__version__}"')).toBe(false);
    expect(use.test("MyFlask(1)")).toBe(false);
  });

  it("names a pytest method by its class", () => {
    const setup = {
      suite: "python -m pytest",
      kind: "python" as const,
      packageRunner: "npm",
      jsRunner: null,
    };
    expect(
      oneTestCommand(setup, {
        path: "tests/test_app.py",
        name: "test_run",
        owner: "TestApp",
        startLine: 3,
        endLine: 5,
      }),
    ).toBe("python -m pytest -v tests/test_app.py::TestApp::test_run");
  });
});

describe("tutorials that run", () => {
  it("traces a method through its callers and the test that calls it, run alone", async () => {
    const ctx = await context(GO);
    const { file, item } = declaration(ctx, "Command.Execute");
    const lesson = await traceTutorial(ctx, "trace-execute", file, item);
    const md = lesson.markdown;
    expect(md).toContain("`TestExecute`");
    expect(md).toContain("tool_test.go:14-19");
    expect(md).toContain("go test -run '^TestExecute$' -v ./");
    expect(md).toContain('println("reached Execute")');
    expect(md).toContain("Make a small change");
    // The definition is cited whole.
    expect(lesson.citations).toContainEqual({ path: "tool.go", startLine: 10, endLine: 13 });
    // Not a git work tree: no git command to undo with.
    expect(md).not.toContain("git checkout");
    expect(lesson.citations).toContainEqual({ path: "tool_test.go", startLine: 14, endLine: 19 });
  });

  it("asks for no print inside a type, and for no test run when no test calls it", async () => {
    const ctx = await context(GO);
    const struct = declaration(ctx, "Command");
    const md = (await traceTutorial(ctx, "trace-command", struct.file, struct.item)).markdown;
    expect(md).not.toContain("reached Command");
    expect(md).not.toContain("Make a small change");
    const lone = declaration(ctx, "Command.runHooks");
    const loneMd = (await traceTutorial(ctx, "trace-run", lone.file, lone.item)).markdown;
    expect(loneMd).not.toContain("go test -run");
    expect(loneMd).toContain("`Command.dispatch` — `tool.go:16`");
  });

  it("never says to run a test suite the copy does not ship; runs an example instead", async () => {
    const ctx = await context({
      "package.json": JSON.stringify({ name: "lib", main: "index.js", scripts: { test: "mocha" } }),
      "index.js": "module.exports = function lib() {\n  return 1;\n};\n",
      "examples/hello.js": 'const lib = require("..");\nconsole.log(lib());\n',
    });
    expect((await testSetup(ctx.map, ctx.reader)).suite).toBeNull();
    expect(await exampleCommand(ctx.map, ctx.reader)).toBe("node examples/hello.js");
    const md = (await exploreTutorial(ctx, "run")).markdown;
    expect(md).not.toContain("npm test");
    expect(md).toContain("`node examples/hello.js`");
  });

  it("runs a Rust example by its Cargo name, with the features it requires", async () => {
    const toml = [
      '[package]\nname = "cli"',
      '[[example]]\nname = "hostname"\npath = "examples/multicall-hostname.rs"',
      '[[example]]\nname = "repl"\npath = "examples/repl.rs"\nrequired-features = ["help", "env"]',
      "[dependencies]\n",
    ].join("\n\n");
    expect(cargoExamples(toml)).toEqual([
      { name: "hostname", path: "examples/multicall-hostname.rs", features: [] },
      { name: "repl", path: "examples/repl.rs", features: ["help", "env"] },
    ]);
    const ctx = await context({
      "Cargo.toml": toml.replace(/\[\[example\]\]\nname = "hostname"[^[]*/, ""),
      "src/lib.rs": "pub fn run() -> i32 {\n    1\n}\n",
      "examples/repl.rs": "fn main() {\n    cli::run();\n}\n",
      "tests/run.rs":
        "fn helper() {\n    cli::run();\n}\n\n#[test]\nfn runs() {\n    cli::run();\n    cli::run();\n}\n",
    });
    expect(await exampleCommand(ctx.map, ctx.reader)).toBe(
      "cargo run --example repl --features help,env",
    );
    // A helper of the test file is not a test; the `#[test]` function is (ends given here:
    // the test is about which functions count, not about the Rust parser).
    const lines =
      "fn helper() {\n    cli::run();\n}\n\n#[test]\nfn runs() {\n    cli::run();\n}\n".split("\n");
    const outline = [
      { kind: "function" as const, name: "helper", exported: false, line: 1, endLine: 3 },
      { kind: "function" as const, name: "runs", exported: false, line: 6, endLine: 8 },
    ];
    const file = {
      path: "tests/run.rs",
      language: "rust",
      bytes: 1,
      lines: 9,
      outline,
      imports: [],
      tokens: 1,
    };
    const cases = testCases(file, lines);
    expect(cases.map((c) => c.name)).toEqual(["runs"]);
    const setup = await testSetup(ctx.map, ctx.reader);
    expect(oneTestCommand(setup, cases[0] as (typeof cases)[number])).toBe(
      "cargo test runs -- --nocapture",
    );
  });

  it("traces the central abstraction first, then where the main path starts", async () => {
    const ctx = await context(GO);
    const files = ctx.map.files.filter((f) => f.path === "tool.go");
    ctx.modules = [
      { id: "root", dir: "", direct: true, files, tests: [], dependsOn: [], usedBy: [] },
    ];
    const targets = await traceTargets(ctx, 2);
    expect(targets.map((t) => t.item.name)).toEqual(["Command", "Command.Execute"]);
    const md = (await traceTutorial(ctx, "t", targets[0]?.file as never, targets[0]?.item as never))
      .markdown;
    expect(md).toContain("build or call `Command`");
    expect(md).toContain("`newCommand` — `tool.go:25`");
  });

  it("reads the entry point after its license banner, in the course language", async () => {
    const ctx = await context(
      {
        ...GO,
        "tool.go": `// Copyright 2020 The Authors\n// Licensed under the Apache License.\n\n${GO["tool.go"]}`,
      },
      "fr",
    );
    const md = (await exploreTutorial(ctx, "run")).markdown;
    expect(md).toContain("go test ./...");
    expect(md).not.toContain("Licensed under");
    expect(md).toContain("// Package tool runs commands.");
  });
});
