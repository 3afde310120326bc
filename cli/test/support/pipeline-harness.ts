/** Run the model pipeline against a stand-in, collecting events (pipeline tests and benches). */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliEventInput, type CourseLanguage, DEFAULT_MODEL } from "@fondation/shared";
import type { CallSettings } from "../../src/pipeline/context.ts";
import {
  createModelPipeline,
  DEFAULT_TUNING,
  type PipelineTuning,
} from "../../src/pipeline/index.ts";
import type { AnalyzeOptions, CodeMap, CourseDraft, SourceReader } from "../../src/types.ts";

export interface HarnessRun {
  draft?: CourseDraft;
  error?: unknown;
  events: CliEventInput[];
}

export async function tempOut(prefix = "fondation-pipeline-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function runPipeline(input: {
  map: CodeMap;
  reader: SourceReader;
  out: string;
  baseURL: string;
  concurrency?: number;
  resume?: boolean;
  language?: CourseLanguage;
  maxChapters?: number;
  tuning?: Partial<PipelineTuning>;
  calls?: Partial<CallSettings>;
  /** Default: the product's default model. */
  model?: string;
}): Promise<HarnessRun> {
  const options: AnalyzeOptions = {
    dir: input.map.root,
    out: input.out,
    language: input.language ?? "en",
    model: input.model ?? DEFAULT_MODEL,
    concurrency: input.concurrency ?? 4,
    resume: input.resume ?? true,
    offline: false,
    maxChapters: input.maxChapters ?? 8,
  };
  const events: CliEventInput[] = [];
  const build = createModelPipeline({
    // Fixed budgets, so what the tests check does not move with the model table.
    tuning: { ...DEFAULT_TUNING, ...input.tuning },
    ...(input.calls ? { calls: input.calls } : {}),
    client: {
      baseURL: input.baseURL,
      apiKey: "sk-test",
      retry: { baseDelayMs: 5, maxAttempts: 3 },
    },
  });
  try {
    const draft = await build({
      map: input.map,
      reader: input.reader,
      options,
      emit: { emit: (e) => events.push(e) },
    });
    return { draft, events };
  } catch (error) {
    return { error, events };
  }
}
