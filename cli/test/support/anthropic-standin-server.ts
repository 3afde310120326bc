/**
 * Run the Anthropic API stand-in as a process, e.g. to run the whole product end to end:
 *   node cli/test/support/anthropic-standin-server.ts --port 0 --scenario course
 *   ANTHROPIC_BASE_URL=<printed url> ANTHROPIC_API_KEY=test pnpm fondation analyze .
 * Options: --port N (0 = any free port), --scenario course|echo, --latency-ms N (first
 * token), --per-token-ms N, --models a,b (default: the rule table's models, i.e.
 * claude-sonnet-5-5, claude-opus-5-5, claude-haiku-4-5). The stand-in is strict per model
 * (see standin-rules.ts): a refused request is logged on stderr with its rule and doc URL.
 * Prints `listening <url>` on stdout; stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { type StandinScript, startAnthropicStandin } from "./anthropic-standin.ts";
import { courseScenario } from "./standin-course-scenario.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    scenario: { type: "string", default: "course" },
    "latency-ms": { type: "string", default: "0" },
    "per-token-ms": { type: "string", default: "0" },
    models: { type: "string" },
  },
});

const scenarios: Record<string, StandinScript> = {
  course: courseScenario,
  echo: (r) => ({ type: "text", text: `echo: ${r.body.messages.length} message(s)` }),
};
const script = scenarios[values.scenario];
if (!script) {
  process.stderr.write(
    `unknown scenario "${values.scenario}": use one of ${Object.keys(scenarios).join(", ")}\n`,
  );
  process.exit(2);
}
const standin = await startAnthropicStandin({
  script,
  onRejected: (r) =>
    process.stderr.write(
      `refused #${r.id} (${r.rejected?.rule}, ${r.rejected?.url}): ${r.rejected?.message}\n`,
    ),
  ...(values.models ? { models: values.models.split(",") } : {}),
  port: Number(values.port),
  latency: {
    firstTokenMs: Number(values["latency-ms"]),
    perOutputTokenMs: Number(values["per-token-ms"]),
  },
});
process.stdout.write(`listening ${standin.url}\n`);
const stop = () => {
  standin.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
