/**
 * The cited source files a course publishes with it: read from the clone (at the analysed
 * commit) after the CLI wrote the course, then uploaded in batches with
 * workerApi.addSourceParts before completePublish. Repository content is hostile: a path
 * must stay inside the clone once every link is resolved, name a regular file outside
 * `.git`, hold at most MAX_SOURCE_FILE_BYTES of UTF-8 text without NUL bytes; the course
 * stops at MAX_SOURCE_FILES files and MAX_SOURCE_BYTES_PER_COURSE bytes. Skipped files are
 * not an error: the viewer then says the file was not published.
 */
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import {
  countLines,
  isPlainRepoPath,
  MAX_SOURCE_BYTES_PER_COURSE,
  MAX_SOURCE_FILE_BYTES,
  MAX_SOURCE_FILES,
  MAX_SOURCE_PART_CHARS,
  splitSourceText,
} from "@fondation/shared";
import { accepted, type Fence, type WorkerBackend } from "../runner/backend.ts";

export interface SourceFile {
  path: string;
  /** Bytes of the file. */
  size: number;
  lines: number;
  text: string;
}

export type SkipReason =
  | "invalid_path"
  | "outside"
  | "missing"
  | "not_file"
  | "too_large"
  | "binary"
  | "course_full";

export interface SourceLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxCourseBytes: number;
}

export const SOURCE_LIMITS: SourceLimits = {
  maxFileBytes: MAX_SOURCE_FILE_BYTES,
  maxFiles: MAX_SOURCE_FILES,
  maxCourseBytes: MAX_SOURCE_BYTES_PER_COURSE,
};

/** Characters and parts per addSourceParts call: far under Convex's 8 MiB of arguments. */
const BATCH_CHARS = 1_000_000;
const BATCH_PARTS = 40;

/** Reads the files at `paths` from the clone at `repoDir`; the ones it cannot publish are skipped. */
export async function readSourceFiles(
  repoDir: string,
  paths: readonly string[],
  limits: SourceLimits = SOURCE_LIMITS,
): Promise<{ files: SourceFile[]; skipped: { path: string; reason: SkipReason }[] }> {
  const root = await realpath(repoDir);
  const files: SourceFile[] = [];
  const skipped: { path: string; reason: SkipReason }[] = [];
  let total = 0;
  for (const path of paths) {
    if (files.length >= limits.maxFiles) {
      skipped.push({ path, reason: "course_full" });
      continue;
    }
    const read = await readOne(root, path, limits.maxFileBytes);
    if ("reason" in read) {
      skipped.push({ path, reason: read.reason });
    } else if (total + read.size > limits.maxCourseBytes) {
      skipped.push({ path, reason: "course_full" });
    } else {
      total += read.size;
      files.push(read);
    }
  }
  return { files, skipped };
}

async function readOne(
  root: string,
  path: string,
  maxBytes: number,
): Promise<SourceFile | { reason: SkipReason }> {
  if (!isPlainRepoPath(path) || path.split("/").includes(".git")) return { reason: "invalid_path" };
  let real: string;
  try {
    real = await realpath(resolve(root, path));
  } catch {
    return { reason: "missing" };
  }
  const rel = relative(root, real);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return { reason: "outside" };
  if (rel.split(/[\\/]/).includes(".git")) return { reason: "invalid_path" };
  // O_NOFOLLOW: the resolved path is opened as it is, never through a link swapped in since.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
  if (!handle) return { reason: "missing" };
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { reason: "not_file" };
    if (info.size > maxBytes) return { reason: "too_large" };
    const buffer = Buffer.alloc(info.size + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) return { reason: "too_large" };
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) return { reason: "binary" };
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { reason: "binary" };
    }
    return { path, size: bytesRead, lines: countLines(text), text };
  } finally {
    await handle.close();
  }
}

/** Uploads the files' parts in batches; a refusal (lease lost) throws LeaseLostError. */
export async function uploadSourceFiles(
  backend: WorkerBackend,
  fence: Fence,
  courseId: string,
  files: readonly SourceFile[],
  signal?: AbortSignal,
): Promise<{ calls: number }> {
  type Part = Parameters<WorkerBackend["addSourceParts"]>[1]["parts"][number];
  let batch: Part[] = [];
  let chars = 0;
  let calls = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    signal?.throwIfAborted();
    accepted(await backend.addSourceParts(fence, { courseId, parts: batch }));
    calls += 1;
    batch = [];
    chars = 0;
  };
  for (const file of files) {
    const parts = splitSourceText(file.text, MAX_SOURCE_PART_CHARS);
    for (const [index, text] of parts.entries()) {
      if (batch.length >= BATCH_PARTS || chars + text.length > BATCH_CHARS) await flush();
      batch.push({
        path: file.path,
        size: file.size,
        lines: file.lines,
        partCount: parts.length,
        index,
        text,
      });
      chars += text.length;
    }
  }
  await flush();
  return { calls };
}
