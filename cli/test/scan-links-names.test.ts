/**
 * Issue 11, smaller findings: a path is judged by its real target (a symlink named
 * anything, `gitdir -> .git`, must not let the scan read git internals, vendored, generated
 * or ignored folders), and file names with control or bidirectional characters never
 * reach course text.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { visibleName } from "../src/scan/names.ts";
import { walk } from "../src/scan/walk.ts";
import { runCli } from "./helpers/cli.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const kept = (root: string) =>
  walk(root)
    .candidates.map((c) => c.path)
    .sort();

const GIT = {
  ".git/HEAD": "ref: refs/heads/main\n",
  ".git/config": '[remote "origin"]\n\turl = https://user:secret@example.com/r.git\n',
  ".git/hooks/pre-commit.py": "print('hook')\n",
  "src/app.ts": "export const app = 1;\n",
};

describe("walk: symlinks are judged by their real target", () => {
  it("does not follow gitdir -> .git, nor a file link into .git", () => {
    const root = tree({
      ...GIT,
      gitdir: { symlink: ".git" },
      "docs/conf": { symlink: "../.git/config" },
      "hooks.py": { symlink: ".git/hooks/pre-commit.py" },
    });
    const result = walk(root);
    expect(kept(root)).toEqual(["src/app.ts"]);
    const links = result.skipped.filter((s) => s.reason === "symlink").map((s) => s.path);
    expect(links.sort()).toEqual(["docs/conf", "gitdir/", "hooks.py"]);
  });

  it("never puts git internals in the code map", async () => {
    const root = tree({ ...GIT, gitdir: { symlink: ".git" }, "a/b/c": { symlink: "../../.git" } });
    const { map } = await buildCodeMap(root);
    expect(map.files.map((f) => f.path)).toEqual(["src/app.ts"]);
  });

  it("does not follow links to vendored, generated, excluded or gitignored folders", () => {
    const root = tree({
      ".gitignore": "secret/\nsrc/local.ts\n",
      "node_modules/pkg/index.js": "module.exports = 1;\n",
      "dist/bundle.js": "var a = 1;\n",
      "secret/key.ts": "export const key = 'k';\n",
      "src/app.ts": "export const app = 1;\n",
      "src/local.ts": "export const local = 1;\n",
      deps: { symlink: "node_modules/pkg" },
      out: { symlink: "dist" },
      keys: { symlink: "secret" },
      "key.ts": { symlink: "secret/key.ts" },
      "here.ts": { symlink: "src/local.ts" },
    });
    const result = walk(root);
    expect(kept(root)).toEqual([".gitignore", "src/app.ts"]);
    const links = result.skipped.filter((s) => s.reason === "symlink").map((s) => s.path);
    expect(links.sort()).toEqual(["deps/", "here.ts", "key.ts", "keys/", "out/"]);
  });

  it("applies the rules of the real place inside a followed link", () => {
    const root = tree({
      ".gitignore": "src/local.ts\n",
      "src/app.ts": "export const app = 1;\n",
      "src/local.ts": "export const local = 1;\n",
      alias: { symlink: "src" },
    });
    // alias/ is walked first (name order) and src/ then counts as entered.
    expect(kept(root)).toEqual([".gitignore", "alias/app.ts"]);
  });

  it("still follows a link to an ordinary folder or file inside the root", () => {
    const root = tree({
      "real/mod.py": "def f():\n    pass\n",
      link: { symlink: "real" },
      "m.py": { symlink: "real/mod.py" },
    });
    expect(kept(root)).toEqual(["link/mod.py", "m.py"]);
  });
});

const RLO = "\u202e";

describe("walk: names with control or bidirectional characters", () => {
  it("skips them with a reason, the path escaped", () => {
    const root = tree({
      [`src/evil${RLO}st.ts`]: "export const x = 1;\n",
      "src/zero\u200bwidth/a.ts": "export const y = 1;\n",
      "src/bell\u0007.py": "x = 1\n",
      "src/ok.ts": "export const ok = 1;\n",
    });
    const result = walk(root);
    expect(kept(root)).toEqual(["src/ok.ts"]);
    const unsafe = result.skipped.filter((s) => s.reason === "unsafe-name").map((s) => s.path);
    expect(unsafe.sort()).toEqual([
      "src/bell\\u{0007}.py",
      "src/evil\\u{202E}st.ts",
      "src/zero\\u{200B}width/",
    ]);
    for (const s of result.skipped)
      for (const c of ["\u0007", "\u200b", RLO]) expect(s.path).not.toContain(c);
  });

  it("escapes every refused kind", () => {
    expect(visibleName("a\u202ab\u2066c\u200ed\u200fe\u200df\u0085g\u2028h\u061ci\ufeffj")).toBe(
      "a\\u{202A}b\\u{2066}c\\u{200E}d\\u{200F}e\\u{200D}f\\u{0085}g\\u{2028}h\\u{061C}i\\u{FEFF}j",
    );
    expect(visibleName("ordinary-name_é.ts")).toBe("ordinary-name_é.ts");
  });

  it("an offline course of a tree with a U+202E file name never holds the character", async () => {
    const root = tree({
      [`src/core/invoice${RLO}gpj.ts`]:
        "/** Invoices. */\nexport function invoice(): number {\n  return 1;\n}\n",
      "src/core/money.ts":
        "/** Money. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n",
      "src/core/cart.ts":
        'import { add } from "./money.ts";\n/** Cart. */\nexport class Cart {\n  total(): number {\n    return add(1, 2);\n  }\n}\n',
      "src/api/server.ts":
        'import { Cart } from "../core/cart.ts";\n/** Server. */\nexport function start(): Cart {\n  return new Cart();\n}\n',
      [`src/${RLO}api/x.ts`]: "export const x = 1;\n",
      "package.json": JSON.stringify({ name: `shop${RLO}pohs` }),
      "README.md": `# Shop\n\nA shop.\n`,
    });
    const out = join(root, "course-out");
    const result = await runCli(["analyze", root, "--offline", "--json", "--out", out], {
      ANTHROPIC_API_KEY: undefined,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(RLO);
    const files: string[] = [];
    const collect = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const abs = join(dir, name);
        if (statSync(abs).isDirectory()) collect(abs);
        else files.push(abs);
      }
    };
    collect(out);
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) {
      expect(f).not.toContain(RLO);
      expect(readFileSync(f, "utf8"), f).not.toContain(RLO);
    }
    const manifest = readFileSync(join(out, "course.json"), "utf8");
    expect(manifest).toContain("shop\\\\u{202E}pohs");
    // A whole CLI run in a child process: a watchdog for a busy machine, as in cli.test.ts.
  }, 120_000);
});
