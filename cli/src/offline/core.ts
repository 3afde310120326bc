/**
 * What the offline course teaches first. Files are ranked by the model path's own ranking
 * (pipeline/centrality.ts: what the package exposes through its manifests and package
 * roots, what non-test code imports); inside them, declarations are ranked by how central
 * they are: exported, named in other files' declarations (`func (c *Command) Run()`, a
 * parameter's type), used in the README's code, declared by an entry file.
 *
 * Read by the offline builder (index.ts), its chapters and tutorials.
 */
import { isAuxiliaryPath } from "../pipeline/auxiliary.ts";
import { builtCopies } from "../pipeline/built-copies.ts";
import { centralFilesAndGraph } from "../pipeline/centrality.ts";
import { readOr } from "../pipeline/source-text.ts";
import type { CodeMap, MapFile, OutlineItem, SourceReader } from "../types.ts";
import { type Calls, callKey, findCalls } from "./calls.ts";
import { type FactsMemo, fileFacts, shortName } from "./facts.ts";
import { importedNames, rootNames } from "./root-names.ts";

export interface Core {
  /** Central code files, most central first (no tests, examples, docs...). */
  files: MapFile[];
  /** Each central file's score (absent: not a central file). */
  fileScore: Map<string, number>;
  /** Files a manifest or package root exposes. */
  entry: Set<string>;
  /** Who depends on whom among the code files (Go packages, Python modules resolved). */
  deps: Map<string, Set<string>>;
  /** For each identifier, how many non-auxiliary files name it in a declaration's signature. */
  mentions: Map<string, number>;
  /** Identifiers the README's code uses. */
  readmeNames: Set<string>;
  /** Names the README's code imports by name (`import { initTRPC } from`): where users start. */
  readmeImports: Set<string>;
  /** Types the README's calls construct (`z.object(…)` -> `ZodObject`): what its user holds. */
  readmeMade: Set<string>;
  /** For each identifier, how many declarations' signatures name it (`extends $ZodType` 100 times). */
  references: Map<string, number>;
  /** How many declarations carry each (short) name: `new`, `get`, `string` are everywhere. */
  declared: Map<string, number>;
  /** Build output shipped beside its source (`v4/x.js` and `v4/x.cjs` beside `src/v4/x.ts`). */
  built: Set<string>;
  /** Who calls what among the most central files' functions and methods. */
  calls: Calls;
  /** Names the entry files re-export by name (`pub use`, `export { X } from`, `from .a import X`). */
  rootNames: Set<string>;
}

export interface RankedDeclaration {
  file: MapFile;
  item: OutlineItem;
  score: number;
}

const IDENT = /[A-Za-z_$][\w$]*/g;
/** Calls are read in the most central files only (the overview's material, with the starts). */
const CALL_FILES = 40;

export { shortName };

/** `memo`: where per-file facts are kept between runs (facts.ts), when they are. */
export async function findCore(
  map: CodeMap,
  reader: SourceReader,
  memo?: FactsMemo,
): Promise<Core> {
  const { ranked, deps } = await centralFilesAndGraph(map, reader);
  const built = builtCopies(map.files);
  const mentions = new Map<string, number>();
  const declared = new Map<string, number>();
  const references = new Map<string, number>();
  // Build copies would count every name of their source twice or three times more.
  for (const f of map.files) {
    if (isAuxiliaryPath(f.path) || built.has(f.path)) continue;
    const facts = fileFacts(f, memo);
    namesCache.set(f, new Set(facts.named));
    for (const name of facts.named) mentions.set(name, (mentions.get(name) ?? 0) + 1);
    if (!isPeripheryPath(f.path))
      for (const [name, n] of facts.references)
        references.set(name, (references.get(name) ?? 0) + n);
    for (const name of facts.declared) declared.set(name, (declared.get(name) ?? 0) + 1);
  }
  const readmeNames = new Set<string>();
  const readmeCode: string[] = [];
  for (const s of map.readme?.sections ?? []) {
    const code = [
      ...[...s.text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? ""),
      ...[...s.text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? ""),
    ].join("\n");
    readmeCode.push(code);
    for (const m of code.matchAll(IDENT)) readmeNames.add(m[0]);
  }
  const kept = ranked.filter((r) => !built.has(r.file.path));
  const readmeImports = importedNames(readmeCode);
  const callFiles = startingFiles(
    kept.map((r) => r.file),
    readmeImports,
  );
  const calls = await findCalls(callFiles, reader, declared, memo);
  const entry = new Set(ranked.filter((r) => r.exposure === "entry").map((r) => r.file.path));
  const entryTexts = await Promise.all([...entry].map((path) => readOr(reader, path)));
  return {
    files: kept.map((r) => r.file),
    fileScore: new Map(kept.map((r) => [r.file.path, r.score])),
    entry,
    deps,
    mentions,
    readmeNames,
    readmeImports,
    readmeMade: madeByReadmeCalls(callFiles, calls, readmeNames),
    references,
    declared,
    built,
    calls,
    rootNames: rootNames(entryTexts),
  };
}

/**
 * The types the README's calls hand back (`z.object(…)` builds a `ZodObject`): the object a
 * user then holds is taught with the call. A capitalised callee of a function the README
 * names is a constructor or a type's factory (`new ZodObject(…)`, `Route(…)`).
 */
function madeByReadmeCalls(files: MapFile[], calls: Calls, readmeNames: Set<string>): Set<string> {
  const made = new Set<string>();
  for (const file of files)
    for (const item of file.outline) {
      const name = shortName(item.name);
      if (item.kind !== "function" || name.length <= 2 || !readmeNames.has(name)) continue;
      for (const callee of calls.callees.get(callKey(file, item)) ?? [])
        if (/^\$?[A-Z]/.test(callee)) made.add(callee);
    }
  return made;
}

/**
 * The overview's material: the most central files, and those declaring what the README
 * imports (where a user starts, however little the code itself imports it).
 */
export function startingFiles(files: MapFile[], readmeImports: Set<string>): MapFile[] {
  const core = files.filter((f) => !isPeripheryPath(f.path));
  const top = core.slice(0, CALL_FILES);
  const starts = core
    .slice(CALL_FILES)
    .filter((f) => f.outline.some((o) => o.exported && readmeImports.has(shortName(o.name))));
  return [...top, ...starts];
}

/**
 * The package's front door: the one function an entry file exports (`module.exports =
 * createApp`, `export default function app`), a user's first call.
 */
export function isFrontDoor(core: Core, file: MapFile, item: OutlineItem): boolean {
  if (item.kind !== "function" || !item.exported || !core.entry.has(file.path)) return false;
  return file.outline.filter((o) => o.kind === "function" && o.exported).length === 1;
}

/** How central a declaration is, as teaching material. */
export function declarationScore(core: Core, file: MapFile, item: OutlineItem): number {
  const fileScore = core.fileScore.get(file.path) ?? 0;
  // A method is looked up by its own name (`Command.Execute` -> `Execute`).
  const name = shortName(item.name);
  const own = !isAuxiliaryPath(file.path) && namesOf(file).has(name) ? 1 : 0;
  const others = Math.max(0, (core.mentions.get(name) ?? 0) - own);
  const length = (item.endLine ?? item.line) - item.line + 1;
  // A name declared in many places (`new`, `get`, `string`) says nothing by being used.
  const common = (core.declared.get(name) ?? 0) >= 3;
  let score = 3 * Math.log2(1 + fileScore) + (common ? -2 : 2 * Math.log2(1 + others));
  if (item.exported) score += 4;
  // A method of a type used everywhere is on the main path through it (`Command.Execute`).
  const owner = item.kind === "method" ? ownerName(item.name) : undefined;
  if (owner && !common)
    score += Math.log2(1 + (core.mentions.get(owner) ?? 0)) * (others > 0 ? 1 : 0.5);
  if (!common && core.readmeNames.has(name) && name.length > 2) score += 3;
  if (!common && item.exported && core.readmeImports.has(name)) score += 4;
  if (item.exported && core.entry.has(file.path)) score += 2;
  // What the package root hands out by name is its public API (`pub use`, `export { X }`).
  if (!common && item.kind !== "module" && core.rootNames.has(name)) score += 4;
  if (["class", "struct", "interface", "trait", "enum"].includes(item.kind))
    // A type the others are written in terms of (`extends X`, `: X`) is what they build on.
    score +=
      2 + Math.min(4, 0.5 * Math.log2(length)) + Math.log2(1 + (core.references.get(name) ?? 0));
  else if (item.kind === "function") score += 1.5;
  else if (item.kind === "type") score += length > 1 ? 1 : 0;
  else if (item.kind === "variable" && !item.doc) score -= 1;
  if (item.doc) score += 1;
  if (isPeripheryPath(file.path) || core.built.has(file.path)) score -= 6;
  return score;
}

/** The type or object a method belongs to (`Command.Execute` -> `Command`), if any. */
export function ownerName(name: string): string | undefined {
  return name.split(/\.|::|#/).at(-2);
}

/** The names each file's declarations mention (facts.ts), filled by findCore. */
const namesCache = new WeakMap<MapFile, Set<string>>();
function namesOf(file: MapFile): Set<string> {
  let names = namesCache.get(file);
  if (!names) {
    names = new Set(fileFacts(file, undefined).named);
    namesCache.set(file, names);
  }
  return names;
}

/**
 * Declarations of some files (build copies left out), most central first; among equals,
 * the more central file, then the order of the file (never the alphabet).
 */
export function rankDeclarations(core: Core, files: MapFile[]): RankedDeclaration[] {
  const all: RankedDeclaration[] = [];
  // A build copy repeats its source's declarations: the source is the one cited.
  for (const file of files)
    if (!core.built.has(file.path))
      for (const item of file.outline)
        all.push({ file, item, score: declarationScore(core, file, item) });
  return all.sort(
    (a, b) =>
      b.score - a.score ||
      (core.fileScore.get(b.file.path) ?? 0) - (core.fileScore.get(a.file.path) ?? 0) ||
      a.file.path.localeCompare(b.file.path) ||
      a.item.line - b.item.line,
  );
}

/**
 * Files that use or document the code rather than being it: tests, examples, docs and
 * their generators, benchmarks, scripts, fixtures, build and CI configuration, locales,
 * type declaration files.
 */
export function isPeripheryPath(path: string): boolean {
  return (
    isAuxiliaryPath(path) ||
    /(^|\/)(doc|docs|scripts?|\.github|ci|build|typings|locales?|i18n)\//i.test(path) ||
    /(^|\/)(test_?utils?|testing|conftest)\.[a-z]+$/i.test(path) ||
    // Type declarations describe the code; the course teaches the code they describe.
    /\.d\.(m|c)?ts$/.test(path)
  );
}

/** True when half or more of the lines of these files are periphery (or build output). */
export function isPeriphery(files: MapFile[], core?: Core): boolean {
  const total = files.reduce((n, f) => n + f.lines, 0);
  const edge = files
    .filter((f) => isPeripheryPath(f.path) || core?.built.has(f.path))
    .reduce((n, f) => n + f.lines, 0);
  return files.length > 0 && edge * 2 >= total;
}
