/** Every diagram the pipeline keeps parses with mermaid's own parser (cli/src/output/mermaid.ts). */
import { afterAll, beforeAll, expect, it } from "vitest";
import { mermaidBlocks, mermaidError } from "../src/output/mermaid.ts";
import { relationshipDiagram } from "../src/pipeline/diagrams.ts";
import {
  type Standin,
  type StandinRequest,
  startAnthropicStandin,
} from "./support/anthropic-standin.ts";
import { memoryRepo, syntheticProject } from "./support/memory-repo.ts";
import { runPipeline, tempOut } from "./support/pipeline-harness.ts";
import { courseScenario } from "./support/standin-course-scenario.ts";

let standin: Standin;
const isChapter = (r: StandinRequest) =>
  JSON.stringify(r.body.messages[0]?.content).includes('kind=\\"chapter\\"');

beforeAll(async () => {
  // Chapters come back with a broken diagram and no good one: the broken one is dropped
  // and the diagram compiled from the relationships takes its place.
  standin = await startAnthropicStandin({
    script: (r) => {
      const reply = courseScenario(r);
      if (reply.type !== "text" || !isChapter(r)) return reply;
      const text = reply.text.replace(
        /```mermaid[\s\S]*?```/,
        // Balanced and of a known type, yet mermaid rejects the dangling arrow.
        "```mermaid\nflowchart LR\n  a --> b -->\n```",
      );
      return { type: "text", text };
    },
    minCacheTokens: 100,
  });
});
afterAll(() => standin.close());

it("drops broken diagrams and keeps only diagrams that parse", async () => {
  const repo = memoryRepo("demo", syntheticProject(3, 2, 40));
  const run = await runPipeline({ ...repo, out: await tempOut(), baseURL: standin.url });
  expect(run.error).toBeUndefined();
  for (const lesson of run.draft?.chapters ?? []) {
    const blocks = mermaidBlocks(lesson.markdown);
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(await mermaidError(b.source), b.source).toBeNull();
  }
}, 30_000); // loading mermaid takes a while under vitest

it("compiles relationship diagrams that parse, whatever the labels", async () => {
  const diagram = relationshipDiagram(
    "core-loop",
    [
      { id: "core-loop", name: 'The "core" (loop) [main]', description: "d", files: [] },
      { id: "io", name: "I/O; ports {x}", description: "d", files: [] },
    ],
    [{ from: "core-loop", to: "io", label: 'reads | writes "bytes" -->' }],
  );
  const [block] = mermaidBlocks(diagram);
  expect(await mermaidError(block?.source ?? "")).toBeNull();
});
