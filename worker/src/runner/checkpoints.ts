/**
 * Checkpoints between the CLI's output folder and Convex. Upload: when the CLI announces a
 * checkpoint file (step.completed / chapter.completed), it is read and saved in parts under
 * MAX_CHECKPOINT_PART_CHARS. Hand-back: on a re-delivered attempt the complete checkpoints
 * named by the claim are written back into the output folder before the CLI runs with
 * --resume. Names are paths relative to the output folder and must stay inside it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { MAX_CHECKPOINT_PART_CHARS } from "@fondation/shared";
import { splitMarkdown } from "../course/loadCourse.ts";
import { accepted, type Fence, type WorkerBackend } from "./backend.ts";

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

/** The absolute path of a checkpoint inside `outDir`, or null for a name that escapes it. */
export function checkpointPath(outDir: string, name: string): string | null {
  if (!NAME_RE.test(name) || name.split("/").includes("..")) return null;
  const full = resolve(outDir, name);
  const rel = relative(resolve(outDir), full);
  if (rel.startsWith("..") || isAbsolute(rel)) return null;
  return full;
}

/** Saves one checkpoint file; throws LeaseLostError when Convex refuses. */
export async function uploadCheckpoint(
  backend: WorkerBackend,
  fence: Fence,
  outDir: string,
  name: string,
  maxPartChars: number = MAX_CHECKPOINT_PART_CHARS,
): Promise<{ parts: number; chars: number } | null> {
  const path = checkpointPath(outDir, name);
  if (!path) return null;
  const data = await readFile(path, "utf8");
  const parts = splitMarkdown(data, maxPartChars);
  for (const [index, part] of parts.entries()) {
    accepted(await backend.saveCheckpoint(fence, { name, index, count: parts.length, data: part }));
  }
  return { parts: parts.length, chars: data.length };
}

/** Writes the named complete checkpoints into `outDir`; returns the names restored. */
export async function restoreCheckpoints(
  backend: WorkerBackend,
  fence: Fence,
  outDir: string,
  names: readonly string[],
): Promise<string[]> {
  const restored: string[] = [];
  for (const name of names) {
    const path = checkpointPath(outDir, name);
    if (!path) continue;
    const chunks: string[] = [];
    let count = 1;
    for (let index = 0; index < count; index++) {
      const result = accepted(await backend.loadCheckpoint(fence, { name, index }));
      if (!result.part) break;
      count = result.part.count;
      chunks.push(result.part.data);
    }
    if (chunks.length !== count || chunks.length === 0) continue; // incomplete: the CLI redoes it
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, chunks.join(""));
    restored.push(name);
  }
  return restored;
}
