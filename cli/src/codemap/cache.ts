/**
 * The per-file code map saved with every course (`codemap.cache.json`), so that a refresh
 * maps only the files whose bytes changed: an entry is reused when its path and git blob id
 * match the file read now. The previous course folder is input, not trusted: the file is
 * size-capped, versioned by a hash of the mapper's own sources, checked with a schema and
 * against the bytes read (size, line count); anything else makes the whole cache ignored.
 * A forged entry for an unchanged file can mislead no more than the kept lessons the same
 * folder already supplies word for word, and every citation is still checked against it.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { byteLineStats } from "../scan/text.ts";
import type { FileResult } from "./file.ts";

export const CODEMAP_CACHE_FILE = "codemap.cache.json";
/** Past this size the cache is neither read nor written (a map of 60,000 files fits). */
export const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 60_000;

/** Changes whenever the mapper's code does (codemap/ and scan/), so stale entries never match. */
export const MAPPER_VERSION: string = (() => {
  const hash = createHash("sha1");
  for (const dir of ["../codemap", "../scan"]) {
    const folder = join(import.meta.dirname, dir);
    for (const name of readdirSync(folder).sort()) {
      if (!name.endsWith(".ts")) continue;
      hash
        .update(name)
        .update("\0")
        .update(readFileSync(join(folder, name)))
        .update("\0");
    }
  }
  return hash.digest("hex").slice(0, 16);
})();

const text = z.string().max(100_000);
const line = z.number().int().min(1);
const outlineItem = z.strictObject({
  kind: z.enum([
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
  ]),
  name: text,
  exported: z.boolean(),
  line,
  endLine: line.optional(),
  doc: text.optional(),
  signature: text.optional(),
});
const mapFile = z.strictObject({
  path: text,
  language: text.nullable(),
  bytes: z.number().int().min(0),
  lines: z.number().int().min(0),
  doc: text.optional(),
  outline: z.array(outlineItem).max(200),
  imports: z.array(text).max(0),
  tokens: z.number().int().min(0),
});
const section = z.strictObject({ title: text, depth: z.number().int(), text: z.string() });
const result = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("skipped"),
    skipped: z.strictObject({ path: text, reason: z.enum(["binary", "generated"]) }),
  }),
  z.strictObject({
    kind: z.literal("file"),
    file: mapFile,
    specifiers: z.array(text).max(10_000),
    package: z.strictObject({ dir: text, json: z.record(z.string(), z.unknown()) }).optional(),
    goModule: z.strictObject({ dir: text, module: text }).optional(),
    readme: z.strictObject({ rank: z.number(), sections: z.array(section) }).optional(),
  }),
]);
const cacheSchema = z.strictObject({
  version: z.literal(1),
  mapper: z.string(),
  entries: z
    .array(z.strictObject({ path: text, sha: z.string().regex(/^[0-9a-f]{40}$/), result }))
    .max(MAX_ENTRIES),
});

export interface CachedEntry {
  path: string;
  sha: string;
  result: FileResult;
}

/** What a scan may reuse (`get`) and what it mapped, to be saved with the new course. */
export class CodeMapCache {
  private readonly known: Map<string, CachedEntry>;
  readonly mapped: CachedEntry[] = [];
  reused = 0;

  constructor(entries: CachedEntry[] = []) {
    this.known = new Map(entries.map((e) => [e.path, e]));
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
    // A fresh copy: the scan fills in `imports` on the file it gets.
    return structuredClone(r);
  }

  /** Records a result as mapped now (before its imports are resolved). */
  put(path: string, sha: string, r: FileResult): void {
    if (r.kind === "skipped" && !["binary", "generated"].includes(r.skipped.reason)) return;
    this.mapped.push({
      path,
      sha,
      result: r.kind === "file" ? { ...r, file: { ...r.file, imports: [] } } : r,
    });
  }
}

/** The cache of a course folder, or an empty one when it is missing, too big, old or invalid. */
export async function readCodeMapCache(folder: string): Promise<CodeMapCache> {
  try {
    const raw = await readFile(join(folder, CODEMAP_CACHE_FILE));
    if (raw.length > MAX_CACHE_BYTES) return new CodeMapCache();
    const parsed = cacheSchema.safeParse(JSON.parse(raw.toString("utf8")));
    if (!parsed.success || parsed.data.mapper !== MAPPER_VERSION) return new CodeMapCache();
    return new CodeMapCache(parsed.data.entries as CachedEntry[]);
  } catch {
    return new CodeMapCache();
  }
}

/** Saves what this scan mapped into the course folder (replaced whole, never half-written). */
export async function writeCodeMapCache(folder: string, cache: CodeMapCache): Promise<void> {
  const body = JSON.stringify({ version: 1, mapper: MAPPER_VERSION, entries: cache.mapped });
  if (body.length > MAX_CACHE_BYTES || cache.mapped.length > MAX_ENTRIES) return;
  const tmp = join(folder, `.${CODEMAP_CACHE_FILE}.${process.pid}`);
  await writeFile(tmp, body, "utf8");
  await rename(tmp, join(folder, CODEMAP_CACHE_FILE));
}
