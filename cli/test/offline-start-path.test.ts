/**
 * Where a user starts: the name the README's example imports (`import { initApp } from`)
 * is in the overview however little the code imports it, followed by the factories its
 * class's README-called method calls (also through type arguments: `makeRouter<T>(`).
 */
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { type CourseContext, coreDeclarations } from "../src/offline/chapters.ts";
import { findCore } from "../src/offline/core.ts";
import { importedNames } from "../src/offline/root-names.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

// Many small helper files everyone imports: they outrank the start by imports alone.
const helpers = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [
    `src/h${i}.ts`,
    `/** Helper ${i}. */\nexport interface Shape${i} {\n  a: string;\n}\nexport function util${i}(s: Shape${i}): string {\n  return s.a;\n}\n`,
  ]),
);
const importsAll = Array.from({ length: 6 }, (_, i) => `import { util${i} } from "./h${i}.js";`);

const PKG = {
  "package.json": JSON.stringify({ name: "rpc", main: "src/index.ts" }),
  "README.md":
    "# rpc\n\n## Usage\n\n```ts\nimport { initApp } from 'rpc';\nconst t = initApp.create();\nconst r = t.router({});\n```\n",
  "src/index.ts": `export * from "./init.js";\nexport * from "./router.js";\n${importsAll.join("\n")}\n`,
  ...helpers,
  "src/router.ts": `${importsAll.join("\n")}\n/** Makes routers. */\nexport function makeRouter<T>(config: T) {\n  return config;\n}\n/** Makes procedures. */\nexport function makeProcedure<T>(config: T) {\n  return config;\n}\nexport function unrelated() {\n  return 1;\n}\n`,
  "src/init.ts": `import { makeProcedure, makeRouter } from "./router.js";\nclass AppBuilder {\n  create() {\n    return {\n      router: makeRouter<{ a: 1 }>({ a: 1 }),\n      procedure: makeProcedure({}),\n    };\n  }\n}\n/** Start here. */\nexport const initApp = new AppBuilder();\n`,
};

describe("the README's starting point", () => {
  it("reads the names a README imports by name", () => {
    const names = importedNames([
      "import { initApp, type X } from 'rpc';\nfrom flask import Flask\nuse clap::{Parser, Command};",
    ]);
    for (const n of ["initApp", "X", "Flask", "Parser", "Command"]) expect(names.has(n)).toBe(true);
  });

  it("lists the imported start and the factories its class calls", async () => {
    const { map, reader } = await buildCodeMap(tree(PKG));
    const core = await findCore(map, reader);
    const names = coreDeclarations({ core } as CourseContext, 3).map((r) => r.item.name);
    const start = names.indexOf("initApp");
    expect(start).toBeGreaterThanOrEqual(0);
    expect(names.slice(start + 1, start + 3).sort()).toEqual(["makeProcedure", "makeRouter"]);
    expect(names).not.toContain("unrelated");
  });
});

describe("what the README's calls build", () => {
  // `s.object(…)` returns a `SchemaObject`: nothing imports that type, everything imports the helpers.
  const SCHEMA = {
    "package.json": JSON.stringify({ name: "schema", main: "src/index.ts" }),
    "README.md":
      "# schema\n\n## Usage\n\n```ts\nimport { s } from 'schema';\nconst User = s.object({ name: s.text() });\n```\n",
    "src/index.ts": `export * as s from "./api.js";\n${importsAll.join("\n")}\n`,
    ...helpers,
    "src/api.ts": `${importsAll.join("\n")}\n/** An object schema. */\nexport class SchemaObject {\n  shape: unknown;\n}\n/** Not built by the README. */\nexport class SchemaTuple {\n  items: unknown;\n}\n/** Builds an object schema. */\nexport function object(shape: unknown) {\n  return new SchemaObject();\n}\n/** Builds a tuple schema. */\nexport function tuple(items: unknown) {\n  return new SchemaTuple();\n}\n`,
  };

  it("lists the type a README-called factory constructs, and not the one nothing there builds", async () => {
    const { map, reader } = await buildCodeMap(tree(SCHEMA));
    const core = await findCore(map, reader);
    expect([...core.readmeMade]).toEqual(["SchemaObject"]);
    const names = coreDeclarations({ core } as CourseContext, 3).map((r) => r.item.name);
    expect(names).toContain("SchemaObject");
    expect(names).not.toContain("SchemaTuple");
  });
});
