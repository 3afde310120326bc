/**
 * CourseProgressProvider with a stand-in Convex client: a signed-out visitor's ticks work
 * in memory (and are said not to be saved); a signed-in reader's go to progress.setStep.
 */

import type { Id } from "@convex/_generated/dataModel";
import { stepKey } from "@fondation/shared";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Markdown } from "@/components/course/Markdown.tsx";
import { CourseProgressProvider } from "@/components/course/progress/CourseProgress.tsx";
import { ProgressSummary } from "@/components/course/progress/ProgressSummary.tsx";
import { renderWithI18n } from "./render.tsx";

const convex = vi.hoisted(() => ({
  auth: { isAuthenticated: false, isLoading: false },
  rows: undefined as unknown,
  setStep: vi.fn(async () => null),
  markRead: vi.fn(async () => null),
}));
vi.mock("convex/react", () => ({
  useConvexAuth: () => convex.auth,
  useQuery: (_fn: unknown, args: unknown) => (args === "skip" ? undefined : convex.rows),
  useMutation: () => {
    // The first mutation the provider asks for is setStep, the second markRead.
    const calls = (convex as { made?: number }).made ?? 0;
    (convex as { made?: number }).made = calls + 1;
    const fn = calls % 2 === 0 ? convex.setStep : convex.markRead;
    return Object.assign(fn, { withOptimisticUpdate: () => fn });
  },
}));
vi.mock("mermaid", () => ({ default: { initialize: vi.fn() } }));

const COURSE = "course1" as Id<"courses">;
const LESSONS = [{ slug: "try-it" }];

function reader() {
  return renderWithI18n(
    <CourseProgressProvider courseId={COURSE} currentSlug="try-it">
      <ProgressSummary lessons={LESSONS} />
      <Markdown>{"- [ ] Run the tests\n- [ ] Read the output\n"}</Markdown>
    </CourseProgressProvider>,
  );
}

beforeEach(() => {
  convex.setStep.mockClear();
  convex.markRead.mockClear();
  (convex as { made?: number }).made = 0;
});

describe("<CourseProgressProvider>", () => {
  it("a signed-out visitor ticks steps in memory and is told to sign in to save them", async () => {
    convex.auth = { isAuthenticated: false, isLoading: false };
    convex.rows = undefined;
    reader();
    const box = screen.getByRole("checkbox", { name: "Run the tests" });
    expect(box).toBeEnabled();
    await userEvent.click(box);
    expect(box).toBeChecked();
    expect(screen.getByTestId("progress-steps")).toHaveTextContent("1 of 2 tutorial steps done");
    expect(screen.getByRole("link", { name: "Sign in to save your progress" })).toBeVisible();
    expect(convex.setStep).not.toHaveBeenCalled();
  });

  it("a signed-in reader's tick is sent to progress.setStep, without undefined arguments", async () => {
    convex.auth = { isAuthenticated: true, isLoading: false };
    convex.rows = [];
    reader();
    await userEvent.click(screen.getByRole("checkbox", { name: "Read the output" }));
    expect(convex.setStep).toHaveBeenCalledWith({
      courseId: COURSE,
      slug: "try-it",
      key: stepKey(1, "Read the output"),
      done: true,
      stepCount: 2,
    });
    expect(screen.queryByTestId("progress-not-saved")).toBeNull();
  });

  it("while a signed-in reader's progress loads, the boxes wait", () => {
    convex.auth = { isAuthenticated: true, isLoading: false };
    convex.rows = undefined;
    reader();
    expect(screen.getByRole("checkbox", { name: "Run the tests" })).toBeDisabled();
  });
});
