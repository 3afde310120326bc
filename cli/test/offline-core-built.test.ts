/**
 * A TypeScript package that ships its build beside `src/` (`v1/x.js`, `v1/x.cjs`,
 * `v1/x.d.ts`): the course ranks and cites the sources, never the copies, and the copies
 * do not make a central name look common.
 */
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { findCore, rankDeclarations } from "../src/offline/core.ts";
import { rankCentralFiles } from "../src/pipeline/centrality.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const schema = "/** Any schema. */\nexport interface Schema {\n  parse(x: unknown): unknown;\n}\n";
const util = "export function pad(s: string): string {\n  return s + s;\n}\n";
const objects =
  'import * as core from "./schema.js";\nimport { pad } from "./util.js";\n/** An object schema. */\nexport interface ObjectSchema extends core.Schema {\n  shape: unknown;\n}\nexport function name(s: core.Schema): string {\n  return pad("o");\n}\n';
const index = 'export * from "./schema.js";\nexport * from "./objects.js";\n';
const BUILT = {
  "package.json": JSON.stringify({
    name: "schemas",
    exports: { ".": { import: "./v1/index.js", require: "./v1/index.cjs" } },
  }),
  "src/v1/index.ts": index,
  "src/v1/schema.ts": schema,
  "src/v1/util.ts": util,
  "src/v1/objects.ts": objects,
  ...Object.fromEntries(
    ["js", "cjs", "d.ts", "d.cts"].flatMap((ext) => [
      [`v1/index.${ext}`, index],
      [`v1/schema.${ext}`, schema],
      [`v1/util.${ext}`, util],
      [`v1/objects.${ext}`, objects],
    ]),
  ),
};

describe("offline core with build copies", () => {
  it("resolves the manifest's built entry to its source and ranks no copy", async () => {
    const { map, reader } = await buildCodeMap(tree(BUILT));
    const ranked = await rankCentralFiles(map, reader);
    expect(ranked.map((r) => r.file.path).every((p) => p.startsWith("src/"))).toBe(true);
    const core = await findCore(map, reader);
    expect([...core.entry]).toContain("src/v1/index.ts");
    expect([...core.entry].every((p) => p.startsWith("src/"))).toBe(true);
    expect(core.files.every((f) => f.path.startsWith("src/"))).toBe(true);
    // A module holding the build folder cites nothing of it.
    const cited = rankDeclarations(core, map.files).map((r) => r.file.path);
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((p) => p.startsWith("src/"))).toBe(true);
  });

  it("counts a type named through a namespace import, once per source file", async () => {
    const { map, reader } = await buildCodeMap(tree(BUILT));
    const core = await findCore(map, reader);
    // Declared in src/v1/schema.ts only: its four copies are not other declarations.
    expect(core.declared.get("Schema")).toBe(1);
    // `core.Schema` in objects.ts's signatures names the project's own type.
    expect(core.mentions.get("Schema")).toBeGreaterThanOrEqual(1);
    const names = rankDeclarations(core, core.files).map((r) => r.item.name);
    expect(names.indexOf("Schema")).toBeLessThan(names.indexOf("pad"));
  });
});

describe("a type the others are written in terms of", () => {
  it("outranks a type of a more imported file that no signature names", async () => {
    const kinds = Array.from(
      { length: 12 },
      (_, i) => `export interface Kind${i} extends Base {\n  k${i}: string;\n}\n`,
    ).join("");
    const users = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [
        `src/user${i}.ts`,
        `import { Options } from "./options.js";\nexport function use${i}(): boolean {\n  const o: Options = { verbose: true };\n  return o.verbose;\n}\n`,
      ]),
    );
    const { map, reader } = await buildCodeMap(
      tree({
        "package.json": JSON.stringify({ name: "k", main: "src/index.ts" }),
        "src/index.ts": 'export * from "./kinds.js";\nexport * from "./options.js";\n',
        "src/options.ts": "/** Options. */\nexport interface Options {\n  verbose: boolean;\n}\n",
        "src/kinds.ts": `/** The base of every kind. */\nexport interface Base {\n  name: string;\n}\n${kinds}`,
        ...users,
      }),
    );
    const core = await findCore(map, reader);
    expect(core.references.get("Base")).toBe(12);
    const names = rankDeclarations(core, core.files).map((r) => r.item.name);
    expect(names.indexOf("Base")).toBeLessThan(names.indexOf("Options"));
  });
});
