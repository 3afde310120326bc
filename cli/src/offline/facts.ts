/**
 * Per-file facts the offline ranking counts across the whole tree: the names a file's
 * declarations mention, its signatures' references, its declared short names, and the
 * names its functions call. They depend on the file's bytes alone, so they are kept with
 * the file's code map entry (codemap/cache.ts, by blob id; this file is part of the
 * mapper's version) and a refresh computes them for the changed files only.
 *
 * Computed and read by core.ts (findCore) and calls.ts; stored by whoever implements
 * FactsMemo (the code map cache of the run).
 */
import type { MapFile, OutlineItem } from "../types.ts";

export interface FileFacts {
  /** Identifiers the signatures name and the doc comments mention, in order of appearance. */
  named: string[];
  /** Per identifier, how many of the file's signatures name it (the declaration's own name excepted). */
  references: [string, number][];
  /** The short names the file declares. */
  declared: string[];
  /**
   * For each function, method and class (outline order), the names its body calls, its own
   * excepted, in order of appearance; absent until asked for (calls.ts reads central files only).
   */
  calls?: string[][];
}

/**
 * FileFacts as a cache file holds them: identifiers (`[\w$]+`, never a space) joined by
 * spaces, a reference named n times written n times; declared names, which may be any
 * text, as a list. Parsing a few strings is much cheaper than parsing thousands.
 */
export interface StoredFacts {
  named: string;
  references: string;
  declared: string[];
  calls?: string[];
}

export function storeFacts(f: FileFacts): StoredFacts {
  return {
    named: f.named.join(" "),
    references: f.references.map(([name, n]) => Array(n).fill(name).join(" ")).join(" "),
    declared: f.declared,
    ...(f.calls ? { calls: f.calls.map((c) => c.join(" ")) } : {}),
  };
}

export function loadFacts(s: StoredFacts): FileFacts {
  const words = (text: string) => (text === "" ? [] : text.split(" "));
  const references = new Map<string, number>();
  for (const name of words(s.references)) references.set(name, (references.get(name) ?? 0) + 1);
  return {
    named: words(s.named),
    references: [...references],
    declared: s.declared,
    ...(s.calls ? { calls: s.calls.map(words) } : {}),
  };
}

/** Where facts of this run's files are kept between runs (undefined: not kept). */
export interface FactsMemo {
  /** The facts saved for the file's current bytes, if any. */
  facts(path: string): FileFacts | undefined;
  /** Records the facts computed now for the file's current bytes. */
  keepFacts(path: string, facts: FileFacts): void;
}

const IDENT = /[A-Za-z_$][\w$]*/g;
/** `name(`, with type arguments between (`create<T>(`, Rust's `parse::<T>(`). */
const CALL = /([A-Za-z_$][\w$]*)\s*(?:(?:::)?<[^<>()]*>)?\(/g;

export function shortName(name: string): string {
  return name.split(/\.|::|#/).pop() || name;
}

/** The outline items whose bodies calls.ts reads: classes too, for their callees only. */
export function callables(file: MapFile): OutlineItem[] {
  return file.outline.filter(
    (o) => o.kind === "function" || o.kind === "method" || o.kind === "class",
  );
}

/** The name facts of a file, from the memo when its bytes did not change. */
export function fileFacts(file: MapFile, memo: FactsMemo | undefined): FileFacts {
  const saved = memo?.facts(file.path);
  if (saved) return saved;
  const facts = nameFacts(file);
  memo?.keepFacts(file.path, facts);
  return facts;
}

/** The call facts of a file, from the memo, or from its text (`read`; undefined: unreadable). */
export async function callFacts(
  file: MapFile,
  memo: FactsMemo | undefined,
  read: () => Promise<string | undefined>,
): Promise<string[][]> {
  const facts = fileFacts(file, memo);
  // Saved calls are one list per callable of this very outline; anything else is recomputed.
  if (facts.calls?.length === callables(file).length) return facts.calls;
  const text = await read();
  const calls = bodyCalls(file, (text ?? "").split("\n"));
  // An unreadable file counts as calling nothing, this run only.
  if (text !== undefined) memo?.keepFacts(file.path, { ...facts, calls });
  return calls;
}

function nameFacts(f: MapFile): FileFacts {
  const references = new Map<string, number>();
  for (const o of f.outline) {
    const own = shortName(o.name);
    for (const name of new Set(o.signature?.match(IDENT) ?? []))
      if (name !== own) references.set(name, (references.get(name) ?? 0) + 1);
  }
  return {
    named: [...signatureNames(f)],
    references: [...references],
    // Files, not declarations: `interface X` and `const X` of one file are one name.
    declared: [...new Set(f.outline.map((o) => shortName(o.name)))],
  };
}

/**
 * The identifiers a file's declarations name in their signatures, and the names their doc
 * comments mention: in code style, called (`run()`), camelCase or capitalised (Go docs
 * name `Execute` bare).
 */
function signatureNames(f: MapFile): Set<string> {
  const names = new Set<string>();
  for (const o of f.outline) {
    if (o.doc)
      for (const m of o.doc.matchAll(
        /`([A-Za-z_$][\w$]*)|\b([A-Za-z_$][\w$]*)\(|\b([a-z]+[A-Z][\w$]*|[A-Z][\w$]*[a-z0-9][\w$]*)\b/g,
      ))
        names.add((m[1] ?? m[2] ?? m[3]) as string);
    if (o.signature)
      // Go's `context.Context` names another package's type, not this one's `Context`; in
      // other languages a qualified name is mostly the project's own (`core.$ZodType`).
      for (const m of o.signature.matchAll(IDENT))
        if (f.language !== "go" || o.signature[m.index - 1] !== ".") names.add(m[0]);
  }
  return names;
}

function bodyCalls(file: MapFile, lines: string[]): string[][] {
  return callables(file).map((item) => {
    const own = item.name.split(/\.|::|#/).pop();
    // The signature line is left out: its parameter list is not a call.
    const body = lines.slice(item.line, item.endLine ?? item.line).join("\n");
    const called = new Set<string>();
    for (const m of body.matchAll(CALL)) if (m[1] !== own) called.add(m[1] as string);
    return [...called];
  });
}
