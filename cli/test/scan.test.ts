import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { walk } from "../src/scan/walk.ts";
import { makeTree, type TreeSpec } from "./helpers/tree.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tree(spec: TreeSpec): string {
  const t = makeTree(spec);
  cleanups.push(t.cleanup);
  return t.root;
}

const kept = (root: string, maxFileBytes = 1_000_000) =>
  walk(root, { maxFileBytes })
    .candidates.map((c) => c.path)
    .sort();

describe("walk: .gitignore", () => {
  it("honours root rules, nested files and negation", () => {
    const root = tree({
      ".gitignore": "*.log\nsecret/\n!keep.log\n",
      "a.ts": "export const a = 1;\n",
      "debug.log": "x",
      "keep.log": "kept by negation",
      "secret/key.ts": "export const k = 1;\n",
      "pkg/.gitignore": "*.tmp.ts\n!important.tmp.ts\nlocal/\n",
      "pkg/x.tmp.ts": "x",
      "pkg/important.tmp.ts": "re-included",
      "pkg/local/y.ts": "y",
      "pkg/z.ts": "z",
      "other/x.tmp.ts": "nested rule does not apply here",
    });
    expect(kept(root)).toEqual([
      ".gitignore",
      "a.ts",
      "keep.log",
      "other/x.tmp.ts",
      "pkg/.gitignore",
      "pkg/important.tmp.ts",
      "pkg/z.ts",
    ]);
    const skipped = walk(root, { maxFileBytes: 1e6 }).skipped;
    expect(skipped).toContainEqual({ path: "secret/", reason: "gitignored" });
    expect(skipped).toContainEqual({ path: "pkg/local/", reason: "gitignored" });
    expect(skipped).toContainEqual({ path: "debug.log", reason: "gitignored" });
  });

  it("lets a deeper .gitignore re-include what a shallower one ignores", () => {
    const root = tree({
      ".gitignore": "*.gen.ts\n",
      "a.gen.ts": "x",
      "lib/.gitignore": "!a.gen.ts\n",
      "lib/a.gen.ts": "y",
      "lib/b.gen.ts": "z",
    });
    expect(kept(root)).toEqual([".gitignore", "lib/.gitignore", "lib/a.gen.ts"]);
  });

  it("reads .git/info/exclude and never enters .git", () => {
    const root = tree({
      ".git/info/exclude": "notes.md\n",
      ".git/HEAD": "ref: refs/heads/main\n",
      "notes.md": "private",
      "main.py": "print(1)\n",
    });
    expect(kept(root)).toEqual(["main.py"]);
  });
});

describe("walk: what is skipped without reading", () => {
  it("skips vendored, generated, lock files and binary extensions", () => {
    const root = tree({
      "src/app.ts": "export {};\n",
      "node_modules/lib/index.js": "x",
      "vendor/lib.go": "package lib\n",
      "third_party/x.py": "x = 1\n",
      "dist/app.js": "x",
      "build/out.js": "x",
      "src/_generated/api.ts": "x",
      "web/app.min.js": "x",
      "pnpm-lock.yaml": "x",
      "go.sum": "x",
      "logo.png": "x",
      ".fondation/course/course.json": "{}",
    });
    expect(kept(root)).toEqual(["src/app.ts"]);
    const reasons = Object.fromEntries(
      walk(root, { maxFileBytes: 1e6 }).skipped.map((s) => [s.path, s.reason]),
    );
    expect(reasons).toMatchObject({
      "node_modules/": "vendored",
      "vendor/": "vendored",
      "third_party/": "vendored",
      "dist/": "generated",
      "build/": "generated",
      "src/_generated/": "generated",
      "web/app.min.js": "generated",
      "pnpm-lock.yaml": "lockfile",
      "go.sum": "lockfile",
      "logo.png": "binary",
    });
    expect(reasons[".fondation/"]).toBeUndefined();
  });

  it("skips the output folder it is told to exclude", () => {
    const root = tree({ "a.ts": "x", "out/course/course.json": "{}", "docs/x.md": "# x" });
    const result = walk(root, { maxFileBytes: 1e6, exclude: [join(root, "docs")] });
    expect(result.candidates.map((c) => c.path)).toEqual(["a.ts"]);
  });

  it("skips files over the size cap", () => {
    const root = tree({ "small.ts": "x", "huge.ts": "y".repeat(50_000) });
    const result = walk(root, { maxFileBytes: 10_000 });
    expect(result.candidates.map((c) => c.path)).toEqual(["small.ts"]);
    expect(result.skipped).toContainEqual({ path: "huge.ts", reason: "too-large" });
  });

  it("does not follow symlink loops, nor links leaving the root", () => {
    const root = tree({
      "a/file.ts": "export const x = 1;\n",
      "a/loop": { symlink: ".." },
      "a/self": { symlink: "." },
      escape: { symlink: "/etc" },
      alias: { symlink: "a/file.ts" },
    });
    const result = walk(root, { maxFileBytes: 1e6 });
    expect(result.candidates.map((c) => c.path).sort()).toEqual(["a/file.ts", "alias"]);
    const symlinks = result.skipped.filter((s) => s.reason === "symlink").map((s) => s.path);
    expect(symlinks.sort()).toEqual(["a/loop/", "a/self/", "escape/"]);
  });

  it("follows a symlinked folder inside the root once", () => {
    const root = tree({ "real/mod.py": "def f():\n    pass\n", link: { symlink: "real" } });
    const paths = walk(root, { maxFileBytes: 1e6 }).candidates.map((c) => c.path);
    expect(paths).toHaveLength(1);
  });
});

describe("buildCodeMap: reading contents", () => {
  it("sniffs binaries by NUL bytes and drops content-marked generated code", async () => {
    const root = tree({
      "data.dat": new Uint8Array([1, 2, 0, 4, 5]),
      "ok.ts": "export const ok = true;\n",
      "gen.go": "// Code generated by protoc. DO NOT EDIT.\npackage gen\n",
    });
    const { map } = await buildCodeMap(root);
    expect(map.files.map((f) => f.path)).toEqual(["ok.ts"]);
    expect(map.skipped).toContainEqual({ path: "data.dat", reason: "binary" });
    expect(map.skipped).toContainEqual({ path: "gen.go", reason: "generated" });
  });

  it("treats minified code (one enormous line) as generated", async () => {
    const root = tree({
      "lib/app.js": `var a=1;${"b=a+1;".repeat(600)}\n`,
      "lib/ok.js": "export const ok = 1;\n",
    });
    const { map } = await buildCodeMap(root);
    expect(map.files.map((f) => f.path)).toEqual(["lib/ok.js"]);
    expect(map.skipped).toContainEqual({ path: "lib/app.js", reason: "generated" });
  });

  it("measures minified lines in characters, not bytes", async () => {
    const root = tree({
      // 1,500 characters of three-byte UTF-8: 4,500 bytes, still a line a person can read.
      "wide.ts": `export const banner = "${"\u2500".repeat(1_500)}";\n`,
      "bom.ts": "\ufeffexport const b = 1;\nexport const c = 2;",
    });
    const { map } = await buildCodeMap(root);
    expect(map.files.find((f) => f.path === "wide.ts")).toMatchObject({ lines: 1 });
    expect(map.files.find((f) => f.path === "bom.ts")).toMatchObject({ lines: 2 });
  });

  it("reads non-UTF-8 text with replacement characters, and UTF-16 with a BOM", async () => {
    const latin1 = Buffer.from("# caf\xe9 na\xefve\ndef f():\n    return 1\n", "latin1");
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("def g():\n    return 2\n", "utf16le"),
    ]);
    const root = tree({ "latin.py": latin1, "wide.py": utf16 });
    const { map, reader } = await buildCodeMap(root);
    const latin = map.files.find((f) => f.path === "latin.py");
    expect(latin?.outline.map((o) => o.name)).toEqual(["f"]);
    expect(latin?.lines).toBe(3);
    expect(await reader.read("latin.py")).toContain("caf\ufffd");
    expect(map.files.find((f) => f.path === "wide.py")?.outline.map((o) => o.name)).toEqual(["g"]);
    expect(await reader.lines("latin.py", 2, 3)).toEqual(["def f():", "    return 1"]);
  });

  it("spends the total budget on code first", async () => {
    const root = tree({
      "README.md": `# Big\n${"text ".repeat(400)}\n`,
      "src/a.ts": "export const a = 1;\n",
      "notes.txt": "n".repeat(3_000),
    });
    const { map } = await buildCodeMap(root, { maxTotalBytes: 2_100 });
    expect(map.files.map((f) => f.path).sort()).toEqual(["README.md", "src/a.ts"]);
    expect(map.skipped).toContainEqual({ path: "notes.txt", reason: "budget" });
  });

  it("reports an empty repository as having nothing kept", async () => {
    const root = tree({ ".gitignore": "" });
    mkdirSync(join(root, "empty"));
    const { map } = await buildCodeMap(root, {});
    expect(map.totals.filesKept).toBe(1);
    expect(map.files.some((f) => f.language !== null)).toBe(false);
  });

  it("refuses to read paths outside the kept set", async () => {
    const root = tree({ "a.ts": "x", ".gitignore": "b.ts\n", "b.ts": "secret" });
    const { reader } = await buildCodeMap(root);
    await expect(reader.read("b.ts")).rejects.toThrow(/not a file of the analysed folder/);
    await expect(reader.read("../etc/passwd")).rejects.toThrow();
    await expect(reader.lines("a.ts", 1, 5)).rejects.toThrow(/outside the file/);
  });
});
