/**
 * Benchmark: billed input tokens of a course on a medium repository, against sending each
 * request the full selected file set with no caching (the PocketFlow way).
 * "Billed" counts cache writes and reads at the model's prices relative to its input price
 * (shared/src/models.ts; Sonnet 5.5: 1.25× and 0.05×), in input-token equivalents.
 * Budgets are the model's own (tuningFor), or the fixed test budgets with --tuning default.
 * The baseline keeps each request's own text (task, plan, draft) and replaces the code
 * map and packed files with every kept file's content, capped at the model's context.
 * Prints figures; asserts nothing.
 *   node cli/bench/tokens.ts [--dir <repo>] [--chapters 8] [--model <id>] [--tuning model|default]
 */
import { parseArgs } from "node:util";
import { DEFAULT_MODEL, findModel } from "@fondation/shared";
import { DEFAULT_TUNING, tuningFor } from "../src/pipeline/tuning.ts";
import {
  requestText,
  standinTokens,
  startAnthropicStandin,
} from "../test/support/anthropic-standin.ts";
import { runPipeline, tempOut } from "../test/support/pipeline-harness.ts";
import { courseScenario } from "../test/support/standin-course-scenario.ts";
import { DEFAULT_REPO, fmt, scan } from "./common.ts";

const { values } = parseArgs({
  options: {
    dir: { type: "string", default: DEFAULT_REPO },
    chapters: { type: "string", default: "8" },
    model: { type: "string", default: DEFAULT_MODEL },
    tuning: { type: "string", default: "model" },
  },
});
const { map, reader } = await scan(values.dir);
const model = findModel(values.model);
if (!model) throw new Error("model missing from the price table");
const price = model.price;

const standin = await startAnthropicStandin({ script: courseScenario });
const run = await runPipeline({
  map,
  reader,
  out: await tempOut("fondation-bench-"),
  baseURL: standin.url,
  concurrency: 4,
  maxChapters: Number(values.chapters),
  model: model.id,
  tuning: values.tuning === "default" ? DEFAULT_TUNING : tuningFor(model.id),
});
await standin.close();
if (run.error) throw run.error;

// The full selected file set: every kept file's text, as the pipeline would read it.
let fullSet = 0;
for (const f of map.files) fullSet += standinTokens(await reader.read(f.path));
const cap = model.contextWindow - 8_000;
const perRequestSet = Math.min(fullSet, cap);

let billed = 0;
let baseline = 0;
let raw = 0;
for (const r of standin.requests) {
  const u = r.usage;
  if (!u) continue;
  raw += u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
  billed +=
    u.input_tokens +
    (u.cache_creation_input_tokens * price.cacheWritePerMTok) / price.inputPerMTok +
    (u.cache_read_input_tokens * price.cacheReadPerMTok) / price.inputPerMTok;
  const text = requestText(r.body);
  const map = /<code_map[\s\S]*?<\/code_map>/.exec(text)?.[0] ?? "";
  const files = /<files>[\s\S]*?<\/files>/.exec(text)?.[0] ?? "";
  const own = r.promptTokens - standinTokens(map) - standinTokens(files);
  baseline += perRequestSet + own;
}

console.log(
  `repository: ${map.name} (${map.files.length} files kept, full selected set ${fmt(fullSet / 1000)}k tokens)`,
);
console.log(
  `model calls: ${standin.requests.length}; per-request file set in the baseline: ${fmt(perRequestSet / 1000)}k tokens (capped at the ${fmt(model.contextWindow / 1000, 0)}k context)`,
);
console.log(
  `ours (${model.id}, ${values.tuning} budgets): ${fmt(raw / 1000)}k input tokens sent, ${fmt(billed / 1000)}k billed (cache writes ×${fmt(price.cacheWritePerMTok / price.inputPerMTok, 2)}, reads ×${fmt(price.cacheReadPerMTok / price.inputPerMTok, 2)})`,
);
console.log(`  usage: ${JSON.stringify(run.draft?.usage)}`);
console.log(`baseline (full file set per request, no cache): ${fmt(baseline / 1000)}k billed`);
console.log(
  `reduction: ${fmt(100 * (1 - billed / baseline))}% fewer billed input tokens (target ≥ 60%)`,
);
console.log(
  `input cost: ours $${fmt((billed * price.inputPerMTok) / 1e6, 3)} vs baseline $${fmt((baseline * price.inputPerMTok) / 1e6, 3)}`,
);
