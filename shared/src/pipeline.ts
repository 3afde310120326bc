/** The six model steps of the course pipeline, in order (ARCHITECTURE.md, "The course pipeline"). */
export const PIPELINE_STEPS = [
  "abstractions",
  "relationships",
  "order",
  "chapters",
  "review",
  "tutorials",
] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];
export const TOTAL_STEPS = PIPELINE_STEPS.length;

/** 1-based index of a step, as shown to people ("step 2 of 6"). */
export function stepNumber(step: PipelineStep): number {
  return PIPELINE_STEPS.indexOf(step) + 1;
}
