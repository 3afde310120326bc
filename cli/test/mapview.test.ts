/** Central files for step 1: what the package exposes and what its own code imports. */
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { isAuxiliaryPath } from "../src/pipeline/auxiliary.ts";
import { overviewFiles, rankCentralFiles } from "../src/pipeline/centrality.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

describe("overview files", () => {
  it("leaves tests out and puts the exposed, imported-by-code file first", async () => {
    const testImports = 'import { pad } from "../src/helpers.js";\nexport const t = pad;\n';
    const root = tree({
      "package.json": JSON.stringify({ name: "demo", main: "dist/index.js" }),
      "src/index.js": 'export { App } from "./app.js";\n',
      "src/app.js":
        'import { pad } from "./helpers.js";\nexport class App {\n  run() { return pad("x"); }\n}\n',
      "src/helpers.js": "export function pad(s) { return s + s; }\n",
      "src/a-unused.js": "export const z = 1;\n",
      // Tests and examples import helpers.js far more often than the code does.
      ...Object.fromEntries(
        Array.from({ length: 6 }, (_, i) => [`test/t${i}.test.js`, testImports]),
      ),
      "examples/demo.js": 'import { pad } from "../src/helpers.js";\npad("demo");\n',
    });
    const { map, reader } = await buildCodeMap(root);
    const ranked = await rankCentralFiles(map, reader);
    expect(ranked[0]?.file.path).toBe("src/app.js");
    expect(ranked[0]?.exposure).toBe("entry");
    expect(ranked.find((r) => r.file.path === "src/helpers.js")?.importers).toBe(1);
    const overview = await overviewFiles(map, reader, 10_000);
    expect(overview.included[0]).toBe("src/app.js");
    expect(overview.included.some((p) => p.startsWith("test/") || p.startsWith("examples/"))).toBe(
      false,
    );
    expect(overview.text).not.toContain("t0.test.js");
  });

  it("ranks a Python package's modules through the package, not a stdlib name", async () => {
    const root = tree({
      "pyproject.toml": '[project]\nname = "shop"\n\n[project.scripts]\nshop = "shop.cli:main"\n',
      "src/shop/__init__.py": "from .app import App as App\n",
      "src/shop/app.py": "import typing as t\nfrom .config import Config\n\nclass App:\n    pass\n",
      "src/shop/config.py": "import typing\n\nclass Config:\n    pass\n",
      "src/shop/cli.py": "import typing\nfrom .app import App\n\ndef main():\n    App()\n",
      "src/shop/typing.py": "Alias = int\n",
      "tests/test_app.py": "from shop.app import App\nfrom shop import typing\n",
    });
    const { map, reader } = await buildCodeMap(root);
    const ranked = await rankCentralFiles(map, reader);
    const at = (p: string) => ranked.findIndex((r) => r.file.path === p);
    expect(at("src/shop/app.py")).toBe(0);
    expect(ranked.find((r) => r.file.path === "src/shop/typing.py")?.importers).toBe(0);
    expect(ranked.some((r) => r.file.path.startsWith("tests/"))).toBe(false);
  });
});

describe("Go packages", () => {
  it("resolves an import to the file declaring the used identifier, not the first file", async () => {
    const root = tree({
      "go.mod": "module example.com/lib\n\ngo 1.22\n",
      "a_helpers.go": "package lib\n\nfunc helper() int { return 1 }\n",
      "server.go":
        "package lib\n\n// Server serves.\ntype Server struct{ n int }\n\n// NewServer makes one.\nfunc NewServer() *Server { return &Server{} }\n",
      "options.go": "package lib\n\n// Option configures a Server.\ntype Option func(*Server)\n",
      "server_test.go":
        'package lib\n\nimport "testing"\n\nfunc TestServer(t *testing.T) { _ = NewServer(); _ = helper() }\n',
      "cmd/app/main.go":
        'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/lib"\n)\n\nfunc main() { fmt.Println(lib.NewServer()) }\n',
      "cmd/other/main.go":
        'package main\n\nimport srv "example.com/lib"\n\nfunc main() { _ = srv.NewServer() }\n',
    });
    const { map, reader } = await buildCodeMap(root);
    // The code map alone points both imports at the alphabetically first file.
    expect(map.files.find((f) => f.path === "cmd/app/main.go")?.imports).toEqual(["a_helpers.go"]);
    const ranked = await rankCentralFiles(map, reader);
    const get = (p: string) => ranked.find((r) => r.file.path === p);
    // main.go twice (one with an alias), options.go (same package, uses Server).
    expect(get("server.go")?.importers).toBe(3);
    expect(get("a_helpers.go")?.importers).toBe(0);
    expect(ranked[0]?.file.path).toBe("server.go");
    expect(ranked.some((r) => r.file.path.endsWith("_test.go"))).toBe(false);
  });

  it("counts an import with no identifier found for the package's main file", async () => {
    const root = tree({
      "go.mod": "module example.com/m\n",
      "store/a.go": "package store\n\nfunc init() {}\n",
      "store/store.go": "package store\n\n// Open opens.\nfunc Open() {}\n",
      "main.go": 'package main\n\nimport _ "example.com/m/store"\n\nfunc main() {}\n',
    });
    const { map, reader } = await buildCodeMap(root);
    const ranked = await rankCentralFiles(map, reader);
    expect(ranked.find((r) => r.file.path === "store/store.go")?.importers).toBe(1);
    expect(ranked.find((r) => r.file.path === "store/a.go")?.importers).toBe(0);
  });
});

describe("isAuxiliaryPath", () => {
  it("knows tests, examples, benchmarks and docs from code", () => {
    for (const p of [
      "test/app.test.js",
      "pkg/server_test.go",
      "tests/test_app.py",
      "examples/hello/main.go",
      "benchmarks/run.py",
      "docs/conf.py",
      "src/__tests__/x.ts",
      "conftest.py",
    ])
      expect(isAuxiliaryPath(p), p).toBe(true);
    for (const p of ["src/app.ts", "command.go", "lib/application.js", "doc/man_docs.go"])
      expect(isAuxiliaryPath(p), p).toBe(false);
  });
});
