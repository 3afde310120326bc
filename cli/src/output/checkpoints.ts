/**
 * Checkpoint files: each finished step (and each finished chapter of steps 4-6) is written
 * under `<out>/checkpoints/` so `--resume` can skip work already paid for. Written by the
 * model pipeline and the offline builder; read by `--resume` and announced in
 * `step.completed` / `chapter.completed` events (paths relative to the output folder).
 *
 * A checkpoint carries a fingerprint of its inputs (code map + options that change the
 * output); a checkpoint whose fingerprint differs is treated as missing, never reused.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  PIPELINE_STEPS,
  type PipelineStep,
  stepNumber,
  type Usage,
  usageSchema,
} from "@fondation/shared";
import { z } from "zod";
import type { AnalyzeOptions, CodeMap } from "../types.ts";

export const CHECKPOINT_DIR = "checkpoints";
const CHECKPOINT_VERSION = 1;

interface Envelope {
  version: number;
  fingerprint: string;
  writtenAt: string;
  data: unknown;
}

/** `checkpoints/02-relationships.json`: a whole step's validated output. */
export function stepCheckpointPath(step: PipelineStep): string {
  return `${CHECKPOINT_DIR}/${String(stepNumber(step)).padStart(2, "0")}-${step}.json`;
}

/** `checkpoints/04-chapters/<slug>.json`: one lesson finished inside a parallel step. */
export function chapterCheckpointPath(step: PipelineStep, slug: string): string {
  if (!/^[a-z0-9-]+$/.test(slug)) throw new Error(`invalid checkpoint slug: ${slug}`);
  return `${CHECKPOINT_DIR}/${String(stepNumber(step)).padStart(2, "0")}-${step}/${slug}.json`;
}

/**
 * Fingerprint of what a run's output depends on: the kept files (path, size) and the options
 * that change the prose. Same repository state + same options = same fingerprint.
 */
export function runFingerprint(
  map: CodeMap,
  options: Pick<AnalyzeOptions, "language" | "model" | "maxChapters" | "offline">,
): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify([
      options.language,
      options.offline ? null : options.model,
      options.maxChapters,
      map.commit ?? null,
    ]),
  );
  for (const f of map.files) hash.update(`\n${f.path}\t${f.bytes}`);
  return hash.digest("hex").slice(0, 32);
}

/** Write atomically (temp file + rename), so a crash never leaves half a checkpoint. */
export async function writeCheckpoint(
  outDir: string,
  relPath: string,
  fingerprint: string,
  data: unknown,
): Promise<string> {
  const target = join(outDir, relPath);
  await mkdir(dirname(target), { recursive: true });
  const envelope: Envelope = {
    version: CHECKPOINT_VERSION,
    fingerprint,
    writtenAt: new Date().toISOString(),
    data,
  };
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(envelope)}\n`, "utf8");
  await rename(temp, target);
  return relPath;
}

/**
 * Read a checkpoint; undefined when it is missing, unreadable, from another run
 * (fingerprint differs) or no longer matches the schema.
 */
export async function readCheckpoint<T>(
  outDir: string,
  relPath: string,
  fingerprint: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  let raw: string;
  try {
    raw = await readFile(join(outDir, relPath), "utf8");
  } catch {
    return undefined;
  }
  try {
    const envelope = JSON.parse(raw) as Partial<Envelope>;
    if (envelope.version !== CHECKPOINT_VERSION || envelope.fingerprint !== fingerprint) {
      return undefined;
    }
    const parsed = schema.safeParse(envelope.data);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Steps whose step checkpoint exists for this fingerprint, in pipeline order. */
export async function completedSteps(outDir: string, fingerprint: string): Promise<PipelineStep[]> {
  const done: PipelineStep[] = [];
  for (const step of PIPELINE_STEPS) {
    const value = await readCheckpoint(outDir, stepCheckpointPath(step), fingerprint, z.unknown());
    if (value !== undefined) done.push(step);
  }
  return done;
}

/**
 * `checkpoints/usage.json`: what the model requests of this course have cost so far, over
 * every run with this fingerprint, failed and retried attempts included. A resumed run
 * starts its ledger from it, so usage of work that never reached a checkpoint is not lost.
 */
export const RUN_USAGE_PATH = `${CHECKPOINT_DIR}/usage.json`;
const runUsageSchema = z.object({ total: usageSchema, attempts: z.number().int().nonnegative() });
export type RunUsage = z.infer<typeof runUsageSchema>;

export function readRunUsage(outDir: string, fingerprint: string): Promise<RunUsage | undefined> {
  return readCheckpoint(outDir, RUN_USAGE_PATH, fingerprint, runUsageSchema);
}

/** Saves the latest run usage, one write at a time (the last value always lands). */
export function runUsageWriter(outDir: string, fingerprint: string) {
  let latest: RunUsage | undefined;
  let failure: unknown;
  let writing: Promise<void> = Promise.resolve();
  const write = async () => {
    const value = latest;
    latest = undefined;
    if (value) await writeCheckpoint(outDir, RUN_USAGE_PATH, fingerprint, value);
  };
  return {
    save(total: Usage, attempts: number): void {
      latest = { total, attempts };
      writing = writing.then(write).catch((error: unknown) => {
        failure ??= error;
      });
    },
    async flush(): Promise<void> {
      await writing;
      if (failure !== undefined) throw failure;
    },
  };
}

/** Remove every checkpoint (a run with --fresh starts clean). */
export async function clearCheckpoints(outDir: string): Promise<void> {
  await rm(join(outDir, CHECKPOINT_DIR), { recursive: true, force: true });
}
