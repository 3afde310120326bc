/**
 * The offline course teaches the core first (issue 12): declarations ranked by what the
 * package exposes and what its code uses, examples and docs after the core, diagrams capped
 * and never without an edge.
 */
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { findCore, isPeriphery, rankDeclarations } from "../src/offline/core.ts";
import { cappedGraph, MAX_NODES } from "../src/offline/diagrams.ts";
import { coreOrder, groupModules, splitByConcept } from "../src/offline/modules.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const APP = {
  "package.json": JSON.stringify({ name: "demo", main: "dist/index.js" }),
  "README.md": "# Demo\n\n## Quick start\n\n```js\nconst app = new App();\napp.run();\n```\n",
  "src/index.js": 'export { App } from "./app/app.js";\n',
  "src/app/app.js":
    'import { pad } from "../util/helpers.js";\n/** The application. */\nexport class App {\n  run() {\n    return pad("x");\n  }\n}\n',
  "src/app/router.js":
    'import { App } from "./app.js";\n/** Routes for an App. */\nexport function route(app) {\n  return app;\n}\n',
  "src/util/helpers.js":
    "export function aaa(s) {\n  return s;\n}\nexport function pad(s) {\n  return s + s;\n}\n",
  "src/util/more.js": "export const zz = 1;\nexport function yy() {\n  return 2;\n}\n",
  "examples/demo/a.js": 'import { App } from "../../src/index.js";\nnew App().run();\n',
  "examples/demo/b.js": 'import { App } from "../../src/index.js";\nnew App().run();\n',
  "examples/demo/c.js": 'import { pad } from "../../src/util/helpers.js";\npad("c");\n',
  "examples/demo/d.js": 'import { pad } from "../../src/util/helpers.js";\npad("d");\n',
  "docs/gen/gen.js":
    'import { App } from "../../src/index.js";\nexport function gen() {\n  return App;\n}\n',
};

describe("offline core", () => {
  it("ranks the exposed class named in the README above helpers, whatever the alphabet", async () => {
    const { map, reader } = await buildCodeMap(tree(APP));
    const core = await findCore(map, reader);
    const ranked = rankDeclarations(core, map.files);
    expect(ranked[0]?.item.name).toBe("App");
    const names = ranked.map((r) => r.item.name);
    expect(names.indexOf("pad")).toBeLessThan(names.indexOf("gen"));
    expect(core.files.some((f) => f.path.startsWith("examples/"))).toBe(false);
  });

  it("orders the module that exposes the entry first and examples and docs last", async () => {
    const { map, reader } = await buildCodeMap(tree(APP));
    const core = await findCore(map, reader);
    const modules = coreOrder(groupModules(map, 6), core);
    const dirs = modules.map((m) => m.dir);
    const firstPeriphery = modules.findIndex((m) => isPeriphery(m.files, core));
    expect(firstPeriphery).toBeGreaterThan(0);
    for (const m of modules.slice(firstPeriphery)) expect(isPeriphery(m.files, core)).toBe(true);
    expect(dirs.indexOf("src/app")).toBeLessThan(firstPeriphery);
    expect(modules[0]?.files.some((f) => core.entry.has(f.path))).toBe(true);
  });

  it("caps a diagram at the most connected nodes, says the cut, and drops edge-less ones", () => {
    const nodes = Array.from({ length: 60 }, (_, i) => ({ id: `f${i}`, label: `f${i}` }));
    // A hub every file depends on, plus a chain among the first ten.
    const edges = [
      ...nodes.slice(1).map((n) => ({ from: n.id, to: "f0" })),
      ...nodes.slice(1, 10).map((n, i) => ({ from: n.id, to: `f${i + 2}` })),
    ];
    const g = cappedGraph(nodes, edges);
    expect(g?.nodes.length).toBe(MAX_NODES);
    expect(g?.nodes.some((n) => n.id === "f0")).toBe(true);
    expect(g?.nodes.some((n) => n.id === "f5")).toBe(true);
    expect(g?.hidden).toBe(60 - MAX_NODES);
    expect(cappedGraph([{ id: "a", label: "a" }], [])).toBeNull();
    expect(
      cappedGraph(
        [
          { id: "a", label: "a" },
          { id: "b", label: "b" },
        ],
        [{ from: "a", to: "a" }],
      ),
    ).toBeNull();
  });

  it("splits a big package by concept: each file joins the most specific seed it uses", async () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `// line ${i}`).join("\n");
    const { map, reader } = await buildCodeMap(
      tree({
        "package.json": JSON.stringify({ name: "big", main: "index.js" }),
        "index.js": 'export { Command } from "./command.js";\n',
        "command.js": `/** A command. */\nexport class Command {\n  run() {}\n}\n${body(800)}\n`,
        "completion.js": `import { Command } from "./command.js";\n/** Completion. */\nexport class Completer {\n  of(c) {}\n}\n${body(400)}\n`,
        "bash.js": `import { Command } from "./command.js";\nimport { Completer } from "./completion.js";\nexport function bash() {}\n${body(300)}\n`,
        "zsh.js": `import { Command } from "./command.js";\nimport { Completer } from "./completion.js";\nexport function zsh() {}\n${body(300)}\n`,
        "args.js": `import { Command } from "./command.js";\nexport function noArgs() {}\n${body(300)}\n`,
        "flags.js": `import { Command } from "./command.js";\nexport function flags() {}\n${body(300)}\n`,
      }),
    );
    const core = await findCore(map, reader);
    const parts = splitByConcept(groupModules(map, 1), core, map, 6);
    expect(parts.length).toBeGreaterThan(1);
    const partOf = (path: string) => parts.find((m) => m.files.some((f) => f.path === path));
    expect(partOf("bash.js")).toBe(partOf("completion.js"));
    expect(partOf("zsh.js")).toBe(partOf("completion.js"));
    expect(partOf("args.js")).toBe(partOf("command.js"));
    expect(partOf("completion.js")?.concept).toBe("Completer");
    expect(partOf("completion.js")?.dependsOn).toContain(partOf("command.js")?.id);
  });

  it("seeds a concept with a CommonJS file whose object's methods are its API, named after the file", async () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `// line ${i}`).join("\n");
    const methods = (obj: string, names: string[]) =>
      names.map((n) => `${obj}.${n} = function ${n}(x) {\n  return x;\n};`).join("\n");
    const { map, reader } = await buildCodeMap(
      tree({
        "package.json": JSON.stringify({ name: "web", main: "index.js" }),
        "index.js": "module.exports = require('./lib/web');\n",
        "lib/web.js": `var proto = require('./application');\nvar res = require('./response');\nvar req = require('./request');\n/** Makes an app. */\nfunction createApp() {\n  return proto;\n}\nexports = module.exports = createApp;\n`,
        "lib/application.js": `var view = require('./view');\nvar app = exports = module.exports = {};\n${methods("app", ["use", "handle", "listen"])}\n${body(700)}\n`,
        "lib/response.js": `var view = require('./view');\nvar res = Object.create(null);\nmodule.exports = res;\n${methods("res", ["send", "json"])}\n${body(700)}\n`,
        "lib/request.js": `var view = require('./view');\nvar req = Object.create(null);\nmodule.exports = req;\n${methods("req", ["header", "accepts"])}\n${body(700)}\n`,
        "lib/view.js": `/** A view. */\nfunction View(name) {\n  this.name = name;\n}\nmodule.exports = View;\n${body(400)}\n`,
        "lib/utils.js": `var view = require('./view');\nexports.flatten = function flatten(a) {\n  return a;\n};\n${body(400)}\n`,
      }),
    );
    const core = await findCore(map, reader);
    const parts = splitByConcept(groupModules(map, 1), core, map, 6);
    const partOf = (path: string) => parts.find((m) => m.files.some((f) => f.path === path));
    expect(partOf("lib/application.js")).not.toBe(partOf("lib/view.js"));
    expect(partOf("lib/application.js")?.files[0]?.path).toBe("lib/application.js");
    expect(partOf("lib/application.js")?.concept).toBe("application");
  });
});
