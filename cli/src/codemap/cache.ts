/**
 * The per-file code map saved with every course (`codemap.cache.json`), so that a refresh
 * maps only the files whose bytes changed: an entry is reused when its path and git blob id
 * match the file read now. The previous course folder is input, not trusted: the file is
 * size-capped, versioned by the mapper's code (cache-version.ts), checked field by field
 * (cache-shape.ts) and against the bytes read (size, line count); anything else makes the
 * whole cache ignored.
 * A forged entry for an unchanged file can mislead no more than the kept lessons the same
 * folder already supplies word for word, and every citation is still checked against it.
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type FactsMemo,
  type FileFacts,
  loadFacts,
  type StoredFacts,
  storeFacts,
} from "../offline/facts.ts";
import { byteLineStats } from "../scan/text.ts";
import { cacheEntries, storedFacts } from "./cache-shape.ts";
import { mapperVersion } from "./cache-version.ts";
import type { FileResult } from "./file.ts";

export const CODEMAP_CACHE_FILE = "codemap.cache.json";
/** Past this size the cache is neither read nor written (a map of 60,000 files fits). */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 60_000;

const CACHE_VERSION = 1;

export interface CachedEntry {
  path: string;
  sha: string;
  result: FileResult;
  /** What the offline ranking counts in this file (offline/facts.ts), once computed. */
  facts?: StoredFacts;
}

/**
 * What a scan may reuse (`get`) and what it mapped, to be saved with the new course; and,
 * for the offline builder, the per-file facts of the files mapped (FactsMemo).
 */
export class CodeMapCache implements FactsMemo {
  private readonly known: Map<string, CachedEntry>;
  readonly mapped: CachedEntry[] = [];
  /** This run's entries by path, and the facts of the reused ones until they are put. */
  private readonly current = new Map<string, CachedEntry>();
  private readonly carried = new Map<string, StoredFacts>();
  /** Resolved imports of the reused entries, good while the resolver's inputs are `resolver`'s. */
  private readonly imports = new Map<string, string[]>();
  reused = 0;
  /** The resolver inputs (index.ts, resolverKey) of this run's imports, once resolved. */
  resolver: string | undefined;

  /** The resolver inputs the saved entries' imports were resolved with. */
  private readonly resolved: string | undefined;
  /** The saved JSON text of each entry (one a line), and that of the reused entries unchanged. */
  private readonly lines: ReadonlyMap<string, string>;
  private readonly unchanged = new Map<string, string>();

  constructor(
    entries: CachedEntry[] = [],
    saved: { resolver?: string; lines?: ReadonlyMap<string, string> } = {},
  ) {
    this.known = new Map(entries.map((e) => [e.path, e]));
    this.resolved = saved.resolver;
    this.lines = saved.lines ?? new Map();
  }

  /** An entry's JSON: its saved text when nothing of it changed (no stringify of the others). */
  json(entry: CachedEntry): string {
    return this.unchanged.get(entry.path) ?? JSON.stringify(entry);
  }

  /**
   * The saved result for these bytes, when the cache holds this path at this blob id and its
   * facts agree with the bytes (size and line count).
   */
  get(path: string, sha: string, bytes: Buffer): FileResult | undefined {
    const hit = this.known.get(path);
    if (!hit || hit.sha !== sha) return undefined;
    const r = hit.result;
    if (r.kind === "skipped") return r.skipped.path === path ? r : undefined;
    if (r.file.path !== path || r.file.bytes !== bytes.length) return undefined;
    // UTF-16 files are counted on their text: they never match here and are mapped again.
    if (r.file.lines !== byteLineStats(bytes).lines) return undefined;
    if (r.file.outline.some((o) => o.line > r.file.lines || (o.endLine ?? 1) > r.file.lines))
      return undefined;
    this.reused++;
    // Parsed for this run alone: the scan may fill in `imports` on it (put keeps its own copy).
    this.known.delete(path);
    if (hit.facts) this.carried.set(path, hit.facts);
    this.imports.set(path, r.file.imports);
    const line = this.lines.get(path);
    if (line) this.unchanged.set(path, line);
    return r;
  }

  /**
   * The imports saved for a reused file, when they were resolved with these same inputs (the
   * repository's paths and manifests, resolverKey): the same bytes resolve the same way.
   */
  savedImports(path: string, resolver: string): string[] | undefined {
    return this.resolved === resolver ? this.imports.get(path) : undefined;
  }

  /** Saves a file's resolved imports with its entry, under this run's resolver inputs. */
  keepImports(path: string, imports: string[], resolver: string): void {
    const entry = this.current.get(path);
    if (entry?.result.kind === "file") entry.result.file.imports = imports;
    this.resolver = resolver;
    const saved = this.imports.get(path);
    if (saved?.length !== imports.length || saved.some((p, i) => p !== imports[i]))
      this.unchanged.delete(path);
  }

  facts(path: string): FileFacts | undefined {
    const stored = this.current.get(path)?.facts;
    return stored ? loadFacts(stored) : undefined;
  }

  /** Kept with the file's entry of this run (so under the blob id of the bytes read now). */
  keepFacts(path: string, facts: FileFacts): void {
    const entry = this.current.get(path);
    if (entry?.result.kind !== "file") return;
    const stored = storeFacts(facts);
    // What the cache's check would refuse (past its bounds) is computed again each run.
    if (storedFacts(stored)) entry.facts = stored;
    this.unchanged.delete(path);
  }

  /** Blob id of each file this scan read, by path. */
  shas(): Map<string, string> {
    return new Map(this.mapped.map((e) => [e.path, e.sha]));
  }

  /** Records a result as mapped now (its imports are kept once resolved, keepImports). */
  put(path: string, sha: string, r: FileResult): void {
    if (r.kind === "skipped" && !["binary", "generated"].includes(r.skipped.reason)) return;
    const facts = this.carried.get(path);
    this.carried.delete(path);
    const entry: CachedEntry = {
      path,
      sha,
      result: r.kind === "file" ? { ...r, file: { ...r.file, imports: [] } } : r,
      ...(facts && r.kind === "file" ? { facts } : {}),
    };
    this.mapped.push(entry);
    this.current.set(path, entry);
  }
}

/** The cache of a course folder, or an empty one when it is missing, too big, old or invalid. */
export async function readCodeMapCache(folder: string): Promise<CodeMapCache> {
  try {
    const raw = await readFile(join(folder, CODEMAP_CACHE_FILE));
    if (raw.length > MAX_CACHE_BYTES) return new CodeMapCache();
    const text = raw.toString("utf8");
    const parsed = JSON.parse(text);
    const entries = cacheEntries(parsed, {
      version: CACHE_VERSION,
      mapper: mapperVersion(),
      maxEntries: MAX_ENTRIES,
    });
    return entries
      ? new CodeMapCache(entries, { resolver: parsed.resolver, lines: entryLines(text, entries) })
      : new CodeMapCache();
  } catch {
    return new CodeMapCache();
  }
}

/**
 * Each entry's own line of a cache this module wrote (one entry a line, writeCodeMapCache),
 * by path; none when the lines are not those entries, in order.
 */
function entryLines(text: string, entries: CachedEntry[]): Map<string, string> {
  const lines = text.split("\n");
  const out = new Map<string, string>();
  if (lines.length !== entries.length + 2) return out;
  for (const [i, e] of entries.entries()) {
    const raw = lines[i + 1] as string;
    const line = raw.endsWith(",") ? raw.slice(0, -1) : raw;
    if (!line.startsWith(`{"path":${JSON.stringify(e.path)},"sha":"${e.sha}",`)) return new Map();
    out.set(e.path, line);
  }
  return out;
}

/**
 * Repository text (a package name, a doc comment) may hold bidirectional or invisible
 * characters; no file of a course folder holds one raw. As \uXXXX escapes the JSON reads
 * back the same.
 */
function escapeInvisible(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Saves what this scan mapped into the course folder (replaced whole, never half-written). */
export async function writeCodeMapCache(folder: string, cache: CodeMapCache): Promise<void> {
  // One entry a line: a later refresh copies the lines of the entries it leaves unchanged.
  const head = JSON.stringify({
    version: CACHE_VERSION,
    mapper: mapperVersion(),
    ...(cache.resolver ? { resolver: cache.resolver } : {}),
    entries: [],
  });
  const body = escapeInvisible(
    `${head.slice(0, -2)}\n${cache.mapped.map((e) => cache.json(e)).join(",\n")}\n]}`,
  );
  if (body.length > MAX_CACHE_BYTES || cache.mapped.length > MAX_ENTRIES) return;
  // A `.staging-` name: the output folder check tolerates one left by a crash.
  const tmp = join(folder, `.staging-${process.pid}-${CODEMAP_CACHE_FILE}`);
  try {
    await writeFile(tmp, body, "utf8");
    await rename(tmp, join(folder, CODEMAP_CACHE_FILE));
  } finally {
    await rm(tmp, { force: true });
  }
}
