/** Run the model pipeline against a stand-in, collecting events (pipeline tests and benches). */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliEventInput, CourseLanguage } from "@fondation/shared";
import { createModelPipeline, type PipelineTuning } from "../../src/pipeline/index.ts";
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
}): Promise<HarnessRun> {
  const options: AnalyzeOptions = {
    dir: input.map.root,
    out: input.out,
    language: input.language ?? "en",
    model: "claude-haiku-4-5",
    concurrency: input.concurrency ?? 4,
    resume: input.resume ?? false,
    offline: false,
    maxChapters: input.maxChapters ?? 8,
  };
  const events: CliEventInput[] = [];
  const build = createModelPipeline({
    ...(input.tuning ? { tuning: input.tuning } : {}),
    client: { baseURL: input.baseURL, apiKey: "sk-test", retryBaseMs: 5, maxRetries: 2 },
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
