/**
 * `fondation estimate <dir>`: what a model run would send and cost, before any model call.
 * Token counts per step follow the pipeline's budgets (pipeline/tuning.ts, sized to the
 * model); the cost range spans a run that hits the prompt cache and writes short answers
 * (low) and one that misses it and writes long ones (high).
 *
 * Budgets and sizes are measured in the pipeline's own unit (4 characters per token). They
 * become the model's tokens through a ratio: measured on this repository with the API's
 * token-counting endpoint when a key is set (free, no model call), else the model's
 * characters-per-token figure from the capability table.
 */
import {
  costUsd,
  findModel,
  type ModelInfo,
  PIPELINE_STEPS,
  type PipelineStep,
} from "@fondation/shared";
import { usageError } from "../errors.ts";
import { groupModules } from "../offline/modules.ts";
import { type PipelineTuning, tuningFor } from "../pipeline/tuning.ts";
import type { CodeMap, SourceReader } from "../types.ts";
import { checkFolder, scanFolder } from "./inputs.ts";
import { defaultOut, MODEL_CHOICES } from "./options.ts";

/** Instructions, tool schemas and the step's own inputs, per request. */
const PROMPT_OVERHEAD = 1_500;
const TUTORIALS = 3;

export interface StepEstimate {
  step: PipelineStep;
  requests: number;
  inputTokens: number;
  /** Of which, the shared prefix that later requests can read from the prompt cache. */
  cacheableTokens: number;
  outputTokens: { low: number; high: number };
}

export interface Estimate {
  model: string;
  /** Model tokens per pipeline token (4 characters), and where the figure comes from. */
  tokenRatio: { value: number; source: "token-counting endpoint" | "model table" };
  files: { seen: number; kept: number; skipped: number; skippedByReason: Record<string, number> };
  tokensKept: number;
  mapTokens: number;
  chapters: number;
  steps: StepEstimate[];
  totals: { inputTokens: number; outputTokens: { low: number; high: number } };
  costUsd: { low: number; high: number };
}

export async function estimateCommand(
  dir: string,
  flags: { model: string; maxChapters: number; offline?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Estimate> {
  const model = findModel(flags.model);
  if (!model)
    throw usageError(`Unknown model ${flags.model}: choose one of ${MODEL_CHOICES.join(", ")}.`);
  const root = checkFolder(dir);
  const { map, reader } = await scanFolder(root, [defaultOut(root)]);
  const hasKey = typeof env.ANTHROPIC_API_KEY === "string" && env.ANTHROPIC_API_KEY.trim() !== "";
  const ratio =
    hasKey && !flags.offline
      ? {
          value: await countedRatio(map, reader, model),
          source: "token-counting endpoint" as const,
        }
      : {
          value: PIPELINE_CHARS_PER_TOKEN / model.capabilities.charsPerToken,
          source: "model table" as const,
        };
  return estimateFor(map, model, flags.maxChapters, tuningFor(model.id), ratio);
}

/** The pipeline's unit: estimateTokens in cli/src/llm/tokens.ts. */
const PIPELINE_CHARS_PER_TOKEN = 4;
/** How much of the repository the token-counting sample takes, in characters. */
const SAMPLE_CHARS = 400_000;

/**
 * Model tokens per pipeline token on this repository: the code map and the first files of
 * the map (what every request is made of) counted by the API, against their characters.
 */
async function countedRatio(map: CodeMap, reader: SourceReader, model: ModelInfo): Promise<number> {
  const { ModelClient, UsageLedger } = await import("../llm/index.ts");
  const { renderCodeMap } = await import("../pipeline/mapview.ts");
  const parts = [renderCodeMap(map, 50_000)];
  let chars = parts[0]?.length ?? 0;
  for (const file of map.files) {
    if (chars >= SAMPLE_CHARS) break;
    const text = (await reader.lines(file.path, 1, file.lines)).join("\n");
    parts.push(text);
    chars += text.length;
  }
  const client = new ModelClient({ model: model.id, ledger: new UsageLedger() });
  const ask = (text: string) =>
    client.countTokens({
      system: [{ type: "text", text }],
      messages: [{ role: "user", content: "." }],
    });
  const [sample, empty] = await Promise.all([ask(parts.join("\n")), ask(".")]);
  const tokens = Math.max(1, sample - empty);
  return tokens / Math.ceil(chars / PIPELINE_CHARS_PER_TOKEN);
}

/** Rough size of the code map as a prompt: paths, signatures and docs. */
export function mapSize(map: CodeMap): number {
  let chars = 0;
  for (const f of map.files) {
    chars += f.path.length + 8 + (f.doc?.length ?? 0);
    for (const o of f.outline) if (o.exported) chars += (o.signature ?? o.name).length + 4;
  }
  return Math.ceil(chars / 4);
}

export function estimateFor(
  map: CodeMap,
  model: ModelInfo,
  maxChapters: number,
  budgets: PipelineTuning = tuningFor(model.id),
  tokenRatio: Estimate["tokenRatio"] = {
    value: PIPELINE_CHARS_PER_TOKEN / model.capabilities.charsPerToken,
    source: "model table",
  },
): Estimate {
  const mapTokens = Math.min(budgets.mapTokens, mapSize(map));
  const modules = groupModules(map, Math.max(1, maxChapters - 1)).length;
  const chapters = Math.max(1, Math.min(maxChapters, modules + 1));
  const source = map.totals.tokensKept;
  const perChapterFiles = Math.min(budgets.chapterFileTokens, Math.ceil(source / chapters) + 500);
  const out = (low: number, high: number) => ({
    low,
    high: Math.min(high, budgets.maxOutputTokens),
  });

  const steps: StepEstimate[] = [
    {
      step: "abstractions",
      requests: 1,
      inputTokens: mapTokens + Math.min(budgets.overviewTokens, source) + PROMPT_OVERHEAD,
      cacheableTokens: mapTokens,
      outputTokens: out(1_000, 4_000),
    },
    {
      step: "relationships",
      requests: 1,
      inputTokens: mapTokens + 2_000 + PROMPT_OVERHEAD,
      cacheableTokens: mapTokens,
      outputTokens: out(800, 3_000),
    },
    {
      step: "order",
      requests: 1,
      inputTokens: mapTokens + 3_000 + PROMPT_OVERHEAD,
      cacheableTokens: mapTokens,
      outputTokens: out(400, 1_500),
    },
    {
      step: "chapters",
      requests: chapters,
      inputTokens: chapters * (mapTokens + perChapterFiles + PROMPT_OVERHEAD),
      cacheableTokens: mapTokens,
      outputTokens: out(chapters * 2_000, chapters * 5_000),
    },
    {
      step: "review",
      requests: chapters,
      inputTokens:
        chapters *
        (3_500 + Math.min(budgets.reviewSourceTokens, perChapterFiles) + PROMPT_OVERHEAD),
      cacheableTokens: 0,
      outputTokens: out(chapters * 300, chapters * 4_000),
    },
    {
      step: "tutorials",
      requests: TUTORIALS,
      inputTokens:
        TUTORIALS * (mapTokens + Math.min(budgets.tutorialFileTokens, source) + PROMPT_OVERHEAD),
      cacheableTokens: mapTokens,
      outputTokens: out(TUTORIALS * 1_500, TUTORIALS * 4_000),
    },
  ];
  for (const s of steps) {
    s.outputTokens.high = Math.min(s.outputTokens.high, s.requests * budgets.maxOutputTokens);
    s.outputTokens.low = Math.min(s.outputTokens.low, s.outputTokens.high);
    // Input is measured in pipeline units until here; the model counts its own tokens.
    s.inputTokens = Math.ceil(s.inputTokens * tokenRatio.value);
    s.cacheableTokens = Math.ceil(s.cacheableTokens * tokenRatio.value);
  }
  const prefix = Math.ceil(mapTokens * tokenRatio.value);

  const inputTokens = steps.reduce((n, s) => n + s.inputTokens, 0);
  const outputLow = steps.reduce((n, s) => n + s.outputTokens.low, 0);
  const outputHigh = steps.reduce((n, s) => n + s.outputTokens.high, 0);
  // Low: the shared prefix is written to the cache once and read by every later request.
  const cacheRead = steps.reduce((n, s) => n + s.cacheableTokens * s.requests, 0) - prefix;
  const low = costUsd(model.price, {
    inputTokens: inputTokens - cacheRead - prefix,
    outputTokens: outputLow,
    cacheCreationInputTokens: prefix,
    cacheReadInputTokens: cacheRead,
  });
  // High: no cache hits, long answers, and one repair round on a fifth of the requests.
  const high = costUsd(model.price, {
    inputTokens: Math.ceil(inputTokens * 1.2),
    outputTokens: Math.ceil(outputHigh * 1.2),
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  });

  const skippedByReason: Record<string, number> = {};
  for (const s of map.skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;
  return {
    model: model.id,
    tokenRatio,
    files: {
      seen: map.totals.filesSeen,
      kept: map.totals.filesKept,
      skipped: map.skipped.length,
      skippedByReason,
    },
    tokensKept: Math.ceil(source * tokenRatio.value),
    mapTokens: prefix,
    chapters,
    steps,
    totals: { inputTokens, outputTokens: { low: outputLow, high: outputHigh } },
    costUsd: { low: round(low), high: round(high) },
  };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

export function formatEstimate(e: Estimate): string {
  const k = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));
  const lines = [
    `Files: ${e.files.kept} kept of ${e.files.seen} seen; skipped ${e.files.skipped} (${
      Object.entries(e.files.skippedByReason)
        .map(([r, n]) => `${r} ${n}`)
        .join(", ") || "none"
    }).`,
    `Source kept: ${k(e.tokensKept)} tokens; code map prompt: ${k(e.mapTokens)} tokens; ${e.chapters} chapters.`,
    "",
    "step            requests   input tokens   output tokens",
  ];
  for (const s of e.steps) {
    const n = PIPELINE_STEPS.indexOf(s.step) + 1;
    lines.push(
      `${`${n} ${s.step}`.padEnd(16)}${String(s.requests).padStart(8)}   ${k(s.inputTokens).padStart(12)}   ${`${k(s.outputTokens.low)}–${k(s.outputTokens.high)}`.padStart(13)}`,
    );
  }
  lines.push(
    "",
    `Estimated cost with ${e.model}: $${e.costUsd.low.toFixed(2)} – $${e.costUsd.high.toFixed(2)} (prompt cache hit vs. miss, short vs. long answers).`,
    `Tokens counted ${e.tokenRatio.source === "model table" ? `from characters at the model's usual rate (no key: set ANTHROPIC_API_KEY to count them with the API)` : "with the API's token-counting endpoint on a sample of this repository"}: ${e.tokenRatio.value.toFixed(2)} model tokens per 4 characters.`,
  );
  return lines.join("\n");
}
