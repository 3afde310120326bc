/**
 * Steps 1-3, one after the other, each a small node: prepare the prompt, call the model
 * for structured output, validate it against the code map, store a checkpoint.
 */
import type { Abstraction, PipelineStep, Usage } from "@fondation/shared";
import type { z } from "zod";
import {
  callStructured,
  estimateTokens,
  type StructuredTool,
  truncateToTokens,
} from "../llm/index.ts";
import { stepCheckpointPath } from "../output/checkpoints.ts";
import type { ReusedPlan } from "../types.ts";
import { overviewFiles } from "./centrality.ts";
import { type RunContext, usageSince } from "./context.ts";
import { STEP_TASKS } from "./prompts.ts";
import {
  type AbstractionsOutput,
  abstractionsCheckpoint,
  checkAbstractions,
  checkOrder,
  checkRelationships,
  type OrderOutput,
  orderCheckpoint,
  type RelationshipsOutput,
  relationshipsCheckpoint,
  TOOLS,
} from "./schemas.ts";

export interface CoursePlan {
  abstractions: Abstraction[];
  relationships: RelationshipsOutput;
  order: OrderOutput;
}

/** Run one structured step, or restore it from its checkpoint. */
async function structuredStep<T extends object>(
  ctx: RunContext,
  step: PipelineStep,
  node: {
    checkpoint: z.ZodType<T & { usage: Usage }>;
    tool: StructuredTool<T>;
    prepare: () => Promise<string>;
    check: (value: T) => string[];
  },
): Promise<T> {
  ctx.stepStarted(step);
  const restored = await ctx.resumeStep(step, node.checkpoint);
  if (restored) {
    ctx.stepCompleted(step, stepCheckpointPath(step), true);
    return restored;
  }
  const before = ctx.client.ledger.total;
  const value = await callStructured(ctx.client, {
    step,
    system: ctx.system(),
    messages: [{ role: "user", content: await node.prepare() }],
    tools: ctx.tools,
    tool: node.tool,
    maxTokens: ctx.tuning.maxOutputTokens,
    effort: ctx.calls.effort,
    attempts: ctx.tuning.structuredAttempts,
    check: node.check,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const path = await ctx.saveStep(step, {
    ...value,
    usage: usageSince(before, ctx.client.ledger.total),
  });
  ctx.stepCompleted(step, path, false);
  return value;
}

/** README share of step 1's budget, and its ceiling: the code matters more than the prose. */
const README_SHARE = 0.25;
const README_MAX_TOKENS = 12_000;

/**
 * Step 1's view: README sections, then the central code files (what the package exposes
 * and what its own code imports; no tests, examples or docs) packed to the budget, whole
 * when they fit (centrality.ts `overviewFiles`).
 */
async function overview(ctx: RunContext): Promise<string> {
  const budget = ctx.tuning.overviewTokens;
  const readme = ctx.map.readme
    ? truncateToTokens(
        ctx.map.readme.sections
          .map((s) => `${"#".repeat(s.depth)} ${s.title}\n${s.text}`)
          .join("\n\n"),
        Math.min(README_MAX_TOKENS, Math.floor(budget * README_SHARE)),
      )
    : "";
  const readmeBlock = readme
    ? `<readme path="${ctx.map.readme?.path}">\n${readme}\n</readme>\n`
    : "";
  const files = await overviewFiles(ctx.map, ctx.reader, budget - estimateTokens(readmeBlock));
  if (files.truncated.length > 0 || files.dropped.length > 0)
    ctx.log(
      "debug",
      `overview: ${files.included.length} central file(s) sent, ${files.truncated.length} cut and ${files.dropped.length} left out to fit ${budget} tokens`,
    );
  return `${readmeBlock}<files>\n${files.text}\n</files>`;
}

/** Steps 1-3 announced as done from a previous version's plan (a refresh that keeps it). */
export function reusedPlan(ctx: RunContext, plan: ReusedPlan): CoursePlan {
  for (const step of ["abstractions", "relationships", "order"] as const) {
    ctx.stepStarted(step);
    ctx.stepCompleted(step, stepCheckpointPath(step), true);
  }
  return {
    abstractions: plan.abstractions,
    relationships: { summary: plan.summary, relationships: plan.relationships },
    order: { title: plan.title, chapters: plan.chapters, tutorials: plan.tutorials },
  };
}

export async function planCourse(ctx: RunContext): Promise<CoursePlan> {
  const max = Math.max(1, ctx.options.maxChapters);
  const step1 = await structuredStep<AbstractionsOutput>(ctx, "abstractions", {
    checkpoint: abstractionsCheckpoint,
    tool: TOOLS.abstractions,
    prepare: async () => `${await overview(ctx)}\n${STEP_TASKS.abstractions(max)}`,
    check: (v) => checkAbstractions(v, ctx.map, max),
  });
  const abstractions = step1.abstractions;
  const ids = abstractions.map((a) => a.id);
  const abstractionsJson = `<abstractions>\n${JSON.stringify(abstractions, null, 1)}\n</abstractions>`;

  const relationships = await structuredStep<RelationshipsOutput>(ctx, "relationships", {
    checkpoint: relationshipsCheckpoint,
    tool: TOOLS.relationships,
    prepare: async () => `${abstractionsJson}\n${STEP_TASKS.relationships()}`,
    check: (v) => checkRelationships(v, ids),
  });

  const order = await structuredStep<OrderOutput>(ctx, "order", {
    checkpoint: orderCheckpoint,
    tool: TOOLS.order,
    prepare: async () =>
      `${abstractionsJson}\n<relationships>\n${JSON.stringify(relationships.relationships, null, 1)}\n</relationships>\n${STEP_TASKS.order()}`,
    check: (v) => checkOrder(v, ids),
  });
  return { abstractions, relationships, order };
}

/** The course plan as the cached second system block of every step 4-6 request. */
export function planBlock(plan: CoursePlan): string {
  const chapters = plan.order.chapters.map((c, i) => ({
    n: i + 1,
    slug: c.abstraction,
    title: c.title,
    summary: c.summary,
  }));
  return `<course_plan>\n${JSON.stringify(
    {
      title: plan.order.title,
      summary: plan.relationships.summary,
      abstractions: plan.abstractions,
      relationships: plan.relationships.relationships,
      chapters,
    },
    null,
    1,
  )}\n</course_plan>`;
}
