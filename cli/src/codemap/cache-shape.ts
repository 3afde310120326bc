/**
 * The shape check of a parsed code map cache (cache.ts): every field of every entry, with
 * no key left unknown. Written by hand rather than as a zod schema because it runs on every
 * refresh over thousands of outline items, where a schema parse took longer than mapping
 * the changed files; the checks are the same (types, bounds, enums).
 */
import type { OutlineKind } from "../types.ts";
import type { CachedEntry } from "./cache.ts";

const MAX_TEXT = 100_000;
const MAX_OUTLINE = 200;
const MAX_SPECIFIERS = 10_000;
const MAX_SECTIONS = 1_000;
/** Characters of one list of names in a file's facts (a longer one is not kept, cache.ts). */
const MAX_FACT_TEXT = 1_000_000;
const MAX_DECLARED = 1_000;
const KINDS = new Set<OutlineKind>([
  "function",
  "class",
  "interface",
  "type",
  "enum",
  "struct",
  "const",
  "variable",
  "method",
  "module",
]);
const SHA = /^[0-9a-f]{40}$/;

type Rec = Record<string, unknown>;

const plain = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);

/** A plain object whose keys are all among `required` and `optional`, with every required one. */
function record(v: unknown, required: string[], optional: string[] = []): v is Rec {
  if (!plain(v)) return false;
  // Counted while the keys are walked: no array of keys per object (thousands per cache).
  let found = 0;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) return false;
    if (required.includes(k)) found++;
    else if (!optional.includes(k)) return false;
  }
  return found === required.length;
}

const text = (v: unknown) => typeof v === "string" && v.length <= MAX_TEXT;
const optText = (v: unknown) => v === undefined || text(v);
const int = (v: unknown, min: number) => Number.isSafeInteger(v) && (v as number) >= min;
const list = (v: unknown, max: number, each: (x: unknown) => boolean) =>
  Array.isArray(v) && v.length <= max && v.every(each);

function outlineItem(v: unknown): boolean {
  return (
    record(v, ["kind", "name", "exported", "line"], ["endLine", "doc", "signature"]) &&
    KINDS.has(v.kind as OutlineKind) &&
    text(v.name) &&
    typeof v.exported === "boolean" &&
    int(v.line, 1) &&
    (v.endLine === undefined || int(v.endLine, 1)) &&
    optText(v.doc) &&
    optText(v.signature)
  );
}

function mapFile(v: unknown): boolean {
  return (
    record(v, ["path", "language", "bytes", "lines", "outline", "imports", "tokens"], ["doc"]) &&
    text(v.path) &&
    (v.language === null || text(v.language)) &&
    int(v.bytes, 0) &&
    int(v.lines, 0) &&
    optText(v.doc) &&
    list(v.outline, MAX_OUTLINE, outlineItem) &&
    // Used only while the resolver's inputs are the same (cache.ts), and only as paths of the map.
    list(v.imports, MAX_SPECIFIERS, text) &&
    int(v.tokens, 0)
  );
}

function section(v: unknown): boolean {
  return (
    record(v, ["title", "depth", "text"]) &&
    text(v.title) &&
    int(v.depth, 0) &&
    typeof v.text === "string"
  );
}

function result(v: unknown): boolean {
  if (record(v, ["kind", "skipped"]))
    return (
      v.kind === "skipped" &&
      record(v.skipped, ["path", "reason"]) &&
      text(v.skipped.path) &&
      (v.skipped.reason === "binary" || v.skipped.reason === "generated")
    );
  return (
    record(v, ["kind", "file", "specifiers"], ["package", "goModule", "readme"]) &&
    v.kind === "file" &&
    mapFile(v.file) &&
    list(v.specifiers, MAX_SPECIFIERS, text) &&
    (v.package === undefined ||
      (record(v.package, ["dir", "json"]) && text(v.package.dir) && plain(v.package.json))) &&
    (v.goModule === undefined ||
      (record(v.goModule, ["dir", "module"]) && text(v.goModule.dir) && text(v.goModule.module))) &&
    (v.readme === undefined ||
      (record(v.readme, ["rank", "sections"]) &&
        Number.isFinite(v.readme.rank) &&
        list(v.readme.sections, MAX_SECTIONS, section)))
  );
}

/** Identifiers joined by single spaces (offline/facts.ts), or nothing. */
const WORDS = /^(?:[\w$]+(?: [\w$]+)*)?$/;
const words = (v: unknown) => typeof v === "string" && v.length <= MAX_FACT_TEXT && WORDS.test(v);

/** A file's facts as cache.ts stores them (offline/facts.ts, StoredFacts). */
export function storedFacts(v: unknown): boolean {
  return (
    record(v, ["named", "references", "declared"], ["calls"]) &&
    words(v.named) &&
    words(v.references) &&
    list(v.declared, MAX_DECLARED, text) &&
    (v.calls === undefined || list(v.calls, MAX_OUTLINE, words))
  );
}

/** The entries of a parsed cache file, or undefined when anything in it is not as written. */
export function cacheEntries(
  v: unknown,
  expect: { version: number; mapper: string; maxEntries: number },
): CachedEntry[] | undefined {
  if (!record(v, ["version", "mapper", "entries"], ["resolver"])) return undefined;
  if (v.resolver !== undefined && !(typeof v.resolver === "string" && SHA.test(v.resolver)))
    return undefined;
  if (v.version !== expect.version || v.mapper !== expect.mapper) return undefined;
  const ok = list(
    v.entries,
    expect.maxEntries,
    (e) =>
      record(e, ["path", "sha", "result"], ["facts"]) &&
      text(e.path) &&
      typeof e.sha === "string" &&
      SHA.test(e.sha) &&
      result(e.result) &&
      (e.facts === undefined ||
        (plain(e.result) && e.result.kind === "file" && storedFacts(e.facts))),
  );
  return ok ? (v.entries as CachedEntry[]) : undefined;
}
