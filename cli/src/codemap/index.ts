/**
 * Scan + code map in one pass: walk the folder (scan/walk.ts), read each kept file once,
 * drop binaries and generated files found by content, extract outline, doc and imports,
 * then resolve the import graph. File contents are dropped as soon as their outline is
 * taken, so memory grows with the number of declarations, not with the repository's size.
 */
import { createHash } from "node:crypto";
import { basename, resolve } from "node:path";
import { headCommit } from "../scan/git.ts";
import { visibleName } from "../scan/names.ts";
import { FolderReader } from "../scan/reader.ts";
import { type Candidate, walk } from "../scan/walk.ts";
import type { CodeMap, MapFile, ReadmeSection, SkippedFile } from "../types.ts";
import { blobSha } from "../update/blob.ts";
import type { CodeMapCache } from "./cache.ts";
import { type FileResult, mapSource, readSource } from "./file.ts";
import { detectLanguage, isCodeLanguage } from "./languages.ts";
import { ImportResolver, type Manifests } from "./resolve.ts";

export interface ScanOptions {
  /** Files larger than this are skipped ("too-large"). Default 512 KiB. */
  maxFileBytes?: number;
  /** Text kept in total; past it, files are skipped ("budget"). Default 96 MiB. */
  maxTotalBytes?: number;
  /** Files kept at most. Default 60,000. */
  maxFiles?: number;
  /** Absolute folders never entered (the course output folder). */
  exclude?: string[];
  /** Display name; defaults to the folder name. */
  name?: string;
  /**
   * Results of an earlier scan to reuse for files whose bytes did not change; what this
   * scan maps is recorded in it, to be saved with the course (cache.ts).
   */
  cache?: CodeMapCache;
}

export const DEFAULT_SCAN_LIMITS = {
  maxFileBytes: 512 * 1024,
  maxTotalBytes: 96 * 1024 * 1024,
  maxFiles: 60_000,
};

export async function buildCodeMap(
  dir: string,
  options: ScanOptions = {},
): Promise<{ map: CodeMap; reader: FolderReader }> {
  const root = resolve(dir);
  const head = headCommit(root);
  const limits = { ...DEFAULT_SCAN_LIMITS, ...options };
  const walked = walk(root, { exclude: options.exclude });
  const skipped: SkippedFile[] = [...walked.skipped];
  const mapped = readWithinBudget(root, walked.candidates, limits, skipped, options.cache);

  const files: MapFile[] = [];
  const specifiers = new Map<string, string[]>();
  const manifests: Manifests = { packages: [], goModules: [] };
  let readme: { path: string; sections: ReadmeSection[] } | undefined;
  let readmeRank = Number.POSITIVE_INFINITY;

  for (const result of mapped) {
    if (result === undefined) continue;
    if (result.kind === "skipped") {
      skipped.push(result.skipped);
      continue;
    }
    files.push(result.file);
    if (result.specifiers.length > 0) specifiers.set(result.file.path, result.specifiers);
    if (result.package) manifests.packages.push(result.package);
    if (result.goModule) manifests.goModules.push(result.goModule);
    if (result.readme && result.readme.rank < readmeRank) {
      readmeRank = result.readme.rank;
      readme = { path: result.file.path, sections: result.readme.sections };
    }
  }

  const cache = options.cache;
  const paths = files.map((f) => f.path);
  const inputs = cache ? resolverKey(paths, manifests) : "";
  const known = new Set(paths);
  let resolver: ImportResolver | undefined;
  const languages: Record<string, number> = {};
  let bytesKept = 0;
  let tokensKept = 0;
  for (const file of files) {
    // A reused file keeps its saved imports while paths and manifests are the same (cache.ts).
    const saved = cache?.savedImports(file.path, inputs);
    if (saved?.every((p) => known.has(p) && p !== file.path)) file.imports = saved;
    else {
      const specs = specifiers.get(file.path);
      resolver ??= new ImportResolver(paths, manifests);
      file.imports = specs ? resolver.resolve(file.path, file.language, specs) : [];
    }
    // A copy: the map's own array is the builders' to read, the cache's is saved as resolved.
    cache?.keepImports(file.path, [...file.imports], inputs);
    const lang = file.language ?? "other";
    languages[lang] = (languages[lang] ?? 0) + 1;
    bytesKept += file.bytes;
    tokensKept += file.tokens;
  }

  const commit = await head;
  const map: CodeMap = {
    root,
    name: options.name ?? projectName(manifests) ?? basename(root),
    ...(commit ? { commit } : {}),
    files,
    skipped,
    languages,
    ...(readme ? { readme } : {}),
    totals: { filesSeen: walked.filesSeen, filesKept: files.length, bytesKept, tokensKept },
  };
  return {
    map,
    reader: new FolderReader(
      root,
      files.map((f) => f.path),
    ),
  };
}

/**
 * Read and map the candidates, spending the total budget on what teaches most: code before
 * docs before everything else, shallow paths before deep ones. Files are read in that order
 * (a read is also how a file's size is learnt); the results come back in walk order.
 */
function readWithinBudget(
  root: string,
  candidates: Candidate[],
  limits: typeof DEFAULT_SCAN_LIMITS,
  skipped: SkippedFile[],
  cache: CodeMapCache | undefined,
): (FileResult | undefined)[] {
  const priority = (c: Candidate) => {
    const lang = detectLanguage(c.path);
    const group = isCodeLanguage(lang) ? 0 : lang === "markdown" ? 1 : 2;
    return group * 1000 + c.path.split("/").length;
  };
  const ranked = candidates.map((c, index) => ({ c, index, p: priority(c) }));
  ranked.sort((a, b) => a.p - b.p);
  const results: (FileResult | undefined)[] = new Array(candidates.length);
  let kept = 0;
  let total = 0;
  for (const { c, index } of ranked) {
    if (kept >= limits.maxFiles) {
      skipped.push({ path: c.path, reason: "budget" });
      continue;
    }
    const read = readSource(root, c.path, limits.maxFileBytes, limits.maxTotalBytes - total);
    if ("skipped" in read) {
      skipped.push(read.skipped);
      continue;
    }
    kept++;
    total += read.bytes.length;
    if (!cache) {
      results[index] = mapSource(c.path, read.bytes);
      continue;
    }
    const sha = blobSha(read.bytes);
    const result = cache.get(c.path, sha, read.bytes) ?? mapSource(c.path, read.bytes);
    cache.put(c.path, sha, result);
    results[index] = result;
  }
  return results;
}

/** What import resolution depends on besides a file's own bytes: every path and manifest. */
function resolverKey(paths: string[], manifests: Manifests): string {
  const hash = createHash("sha1");
  for (const p of paths) hash.update(p).update("\0");
  return hash.update(JSON.stringify(manifests)).digest("hex");
}

/** The name the project gives itself at its root (package.json, go.mod), if any. */
function projectName(manifests: Manifests): string | undefined {
  const pkg = manifests.packages.find((p) => p.dir === "")?.json.name;
  // The course title: content of the repository, so no invisible or reordering characters.
  if (typeof pkg === "string" && pkg.trim() !== "") return visibleName(pkg);
  const mod = manifests.goModules.find((m) => m.dir === "")?.module;
  return mod ? visibleName(mod.split("/").slice(-2).join("/")) : undefined;
}
