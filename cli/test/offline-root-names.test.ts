/**
 * What a package root hands out by name (`pub use`, `export { X } from`, `from .a import X`)
 * ranks above what it keeps inside, and a central type's builder follows it in the
 * overview (`XBuilder` -> `X`).
 */
import { describe, expect, it } from "vitest";
import { buildCodeMap } from "../src/codemap/index.ts";
import { type CourseContext, coreDeclarations } from "../src/offline/chapters.ts";
import { findCore, rankDeclarations } from "../src/offline/core.ts";
import { mainPath } from "../src/offline/main-path.ts";
import { rootNames } from "../src/offline/root-names.ts";
import { fixtureTrees } from "./helpers/tree.ts";

const tree = fixtureTrees();

const CRATE = {
  "Cargo.toml": '[package]\nname = "finder"\nversion = "0.1.0"\n',
  "src/lib.rs":
    "mod finder;\nmod sink;\npub use crate::finder::{Finder, FinderBuilder};\npub use crate::sink::Sink;\n",
  "src/finder.rs":
    "/// How binary data is found.\npub struct Detection {\n    pub quit: bool,\n}\n/// Options of the encoding.\npub struct Encoding {\n    pub label: String,\n}\n/// A config error.\npub enum ConfigError {\n    Bad,\n}\n/// The format used.\npub struct Format {\n    pub name: String,\n}\n/// Builds a Finder.\npub struct FinderBuilder {\n    pub detection: Detection,\n}\n/// Searches text.\npub struct Finder {\n    pub encoding: Encoding,\n}\n",
  "src/sink.rs":
    "use crate::finder::Finder;\n/// Receives matches.\npub trait Sink {\n    fn matched(&mut self, finder: &Finder) -> bool;\n}\n",
  "src/run.rs":
    "use crate::finder::Finder;\n/// Runs a finder.\npub fn run(finder: &Finder) -> bool {\n    true\n}\n",
};

describe("root names", () => {
  it("reads the names a Rust, JS or Python package root re-exports", () => {
    const names = rootNames([
      "pub use crate::a::{Finder, FinderBuilder as Builder};\npub use crate::b::Sink;",
      'export { App, type Options } from "./app.js";\nmodule.exports = { route, Layer };',
      "from .app import Flask as Flask\nfrom .blueprints import (\n    Blueprint,\n)\n",
    ]);
    for (const n of ["Finder", "FinderBuilder", "Sink", "App", "Options", "route", "Layer"])
      expect(names.has(n)).toBe(true);
    for (const n of ["Flask", "Blueprint"]) expect(names.has(n)).toBe(true);
    expect(names.has("crate")).toBe(false);
  });

  it("ranks the re-exported types first and follows Finder with its builder", async () => {
    const { map, reader } = await buildCodeMap(tree(CRATE));
    const core = await findCore(map, reader);
    const ranked = rankDeclarations(core, core.files).map((r) => r.item.name);
    expect(ranked.indexOf("Finder")).toBeLessThan(ranked.indexOf("Detection"));
    expect(ranked.indexOf("FinderBuilder")).toBeLessThan(ranked.indexOf("Format"));
    const names = coreDeclarations({ core } as CourseContext, 2).map((r) => r.item.name);
    expect(names[0]).toBe("Finder");
    expect(names[1]).toBe("FinderBuilder");
    const finder = rankDeclarations(core, core.files).find((r) => r.item.name === "Finder");
    expect(finder && mainPath(core, finder, 2).map((r) => r.item.name)).toEqual(["FinderBuilder"]);
  });
});
