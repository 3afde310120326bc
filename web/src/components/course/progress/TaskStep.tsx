"use client";
/**
 * A tutorial step's checkbox, for Markdown.tsx's `input` renderer. rehypeTaskSteps.ts gave
 * it its key and wrapped it with the step's text in a `label` (its accessible name). In the
 * reader it shows and changes the reader's progress (CourseProgress.tsx); elsewhere, or
 * while the saved progress loads, it is disabled. The author's `[x]` is not the reader's
 * tick, so the box starts from the reader's progress only.
 */
import type { Element } from "hast";
import type { ComponentProps } from "react";
import { useCourseProgress } from "./CourseProgress.tsx";

function StepCheckbox({ stepKey, total }: { stepKey: string; total: number | undefined }) {
  const progress = useCourseProgress();
  const slug = progress?.currentSlug;
  if (!progress || slug === undefined) return <input type="checkbox" disabled />;
  const row = progress.rows.find((r) => r.slug === slug);
  const checked = row?.checked.includes(stepKey) ?? false;
  return (
    <input
      type="checkbox"
      className="step-checkbox"
      data-step-key={stepKey}
      checked={checked}
      disabled={!progress.loaded}
      onChange={(e) => progress.setStep(slug, stepKey, e.target.checked, total)}
    />
  );
}

/** Markdown.tsx's `input`: a keyed step becomes a live checkbox; any other input stays inert. */
export function MarkdownInput({
  node,
  type,
  checked,
}: ComponentProps<"input"> & { node?: Element | undefined }) {
  const key = node?.properties.dataStepKey;
  if (type === "checkbox" && typeof key === "string") {
    const total = Number(node?.properties.dataStepTotal);
    return <StepCheckbox stepKey={key} total={Number.isInteger(total) ? total : undefined} />;
  }
  return <input type={type} checked={checked} disabled readOnly />;
}
