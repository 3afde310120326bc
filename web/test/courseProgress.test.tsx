/** Learning progress in the reader: labelled step checkboxes, sidebar marks, the summary. */
import { stepKey } from "@fondation/shared";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { CourseSidebar } from "@/components/course/CourseSidebar.tsx";
import { Markdown } from "@/components/course/Markdown.tsx";
import {
  CourseProgressContext,
  type CourseProgressValue,
} from "@/components/course/progress/CourseProgress.tsx";
import { ProgressSummary } from "@/components/course/progress/ProgressSummary.tsx";
import {
  LastRequestUpToDate,
  requestedJobHref,
  UpToDateNotice,
} from "@/components/upToDate/UpToDateNotice.tsx";
import { type LessonProgress, summarize, withRead, withStep } from "@/lib/courseProgress.ts";
import type { LessonView } from "@/lib/types.ts";
import { renderWithI18n } from "./render.tsx";

vi.mock("mermaid", () => ({ default: { initialize: vi.fn() } }));

function row(slug: string, fields: Partial<LessonProgress> = {}): LessonProgress {
  return { slug, readAt: undefined, checked: [], stepCount: undefined, ...fields };
}

function progress(overrides: Partial<CourseProgressValue> = {}): CourseProgressValue {
  return {
    saved: true,
    loaded: true,
    currentSlug: "try-it",
    rows: [],
    failure: null,
    setStep: vi.fn(),
    markRead: vi.fn(),
    ...overrides,
  };
}

function withProgress(value: CourseProgressValue | null, ui: ReactNode) {
  return renderWithI18n(
    <CourseProgressContext.Provider value={value}>{ui}</CourseProgressContext.Provider>,
  );
}

const TUTORIAL = [
  "# Try it",
  "",
  "- [ ] Run the **tests**",
  "- [x] Open `src/index.ts`",
  "  - a nested note, not part of the step",
  "- not a step",
  "",
  "Then:",
  "",
  "- [ ] Read the output",
  "",
  "  It explains what happened.",
].join("\n");

describe("tutorial steps", () => {
  it("each step is a checkbox named by its own text, ticked from the reader's progress", async () => {
    const key0 = stepKey(0, "Run the tests");
    const value = progress({ rows: [row("try-it", { checked: [key0] })] });
    withProgress(value, <Markdown>{TUTORIAL}</Markdown>);
    const boxes = screen.getAllByRole("checkbox");
    expect(boxes).toHaveLength(3);
    const run = screen.getByRole("checkbox", { name: "Run the tests" });
    const open = screen.getByRole("checkbox", { name: "Open src/index.ts" });
    // A loose item: its checkbox is inside a paragraph, named by that paragraph's text.
    const read = screen.getByRole("checkbox", { name: "Read the output" });
    expect(run).toBeChecked();
    expect(open).not.toBeChecked(); // the author's [x] is not the reader's tick
    expect(read).toBeEnabled();
    await userEvent.click(screen.getByText("Open"));
    expect(value.setStep).toHaveBeenCalledWith("try-it", stepKey(1, "Open src/index.ts"), true, 3);
    await userEvent.click(run);
    expect(value.setStep).toHaveBeenLastCalledWith("try-it", key0, false, 3);
  });

  it("outside a reader, or while progress loads, the boxes are disabled but still named", () => {
    const { unmount } = renderWithI18n(<Markdown>{TUTORIAL}</Markdown>);
    expect(screen.getByRole("checkbox", { name: "Run the tests" })).toBeDisabled();
    unmount();
    withProgress(progress({ loaded: false }), <Markdown>{TUTORIAL}</Markdown>);
    expect(screen.getByRole("checkbox", { name: "Read the output" })).toBeDisabled();
  });

  it("keys are stable: the same text at the same place gives the same key", () => {
    expect(stepKey(2, "  Run   the tests ")).toBe(stepKey(2, "Run the tests"));
    expect(stepKey(2, "Run the tests")).not.toBe(stepKey(3, "Run the tests"));
    expect(stepKey(2, "Run the tests")).toMatch(/^2-[0-9a-f]{8}$/);
  });
});

function lesson(kind: LessonView["kind"], order: number, slug: string): LessonView {
  return { kind, order, slug, title: `Title ${slug}`, citations: [], prev: null, next: null };
}
const LESSONS = [
  lesson("chapter", 0, "intro"),
  lesson("chapter", 1, "queue"),
  lesson("tutorial", 2, "try-it"),
];

describe("sidebar and summary", () => {
  const rows = [
    row("intro", { readAt: 1 }),
    row("try-it", { checked: ["0-aaaaaaaa"], stepCount: 3, readAt: 2 }),
  ];

  it("the sidebar marks read lessons and a tutorial's steps done, in words for screen readers", () => {
    withProgress(
      progress({ rows }),
      <CourseSidebar courseId="c1" lessons={LESSONS} currentSlug="queue" />,
    );
    const intro = screen.getByRole("link", { name: /Title intro/ });
    expect(intro).toHaveAccessibleName("1. Title intro (read)");
    expect(within(intro).getByText("✓")).toHaveAttribute("aria-hidden", "true");
    expect(screen.getByRole("link", { name: /Title queue/ })).toHaveAccessibleName(
      "2. Title queue",
    );
    const tutorial = screen.getByRole("link", { name: /Title try-it/ });
    expect(within(tutorial).getByText("1/3")).toBeInTheDocument();
    expect(tutorial).toHaveAccessibleName("3. Title try-it (read) (1 of 3 steps done)");
  });

  it("the summary counts lessons read and steps done; a visitor is told nothing is saved", () => {
    const { unmount } = withProgress(progress({ rows }), <ProgressSummary lessons={LESSONS} />);
    expect(screen.getByTestId("progress-lessons")).toHaveTextContent("2 of 3 lessons read");
    expect(screen.getByTestId("progress-steps")).toHaveTextContent("1 of 3 tutorial steps done");
    expect(screen.queryByText("Sign in to save your progress")).toBeNull();
    unmount();
    withProgress(
      progress({ saved: false, failure: "offline" }),
      <ProgressSummary lessons={LESSONS} />,
    );
    expect(screen.getByRole("link", { name: "Sign in to save your progress" })).toHaveAttribute(
      "href",
      "/sign-in",
    );
    expect(screen.getByRole("alert")).toHaveTextContent("offline");
  });

  it("withStep, withRead and summarize", () => {
    let r = withStep([], "try-it", "0-aaaaaaaa", true, 2);
    r = withStep(r, "try-it", "0-aaaaaaaa", true);
    r = withStep(r, "try-it", "1-bbbbbbbb", true);
    r = withRead(r, "intro", 5);
    r = withRead(r, "intro", 9);
    expect(r).toEqual([
      row("try-it", { checked: ["0-aaaaaaaa", "1-bbbbbbbb"], stepCount: 2 }),
      row("intro", { readAt: 5 }),
    ]);
    r = withStep(r, "try-it", "0-aaaaaaaa", false);
    expect(summarize(LESSONS, r)).toEqual({ lessonsRead: 1, lessons: 3, stepsDone: 1, steps: 2 });
  });
});

describe("already up to date", () => {
  const job = { upToDate: true, courseId: "course9", commit: "abc1234def" };

  it("the job page says so and opens the existing course", () => {
    renderWithI18n(<UpToDateNotice job={job} />);
    expect(screen.getByTestId("up-to-date")).toHaveTextContent(
      /Already up to date — Open the course.*Commit abc1234 already has this course/,
    );
    expect(screen.getByRole("link", { name: "Open the course" })).toHaveAttribute(
      "href",
      "/courses/course9",
    );
  });

  it("a request that found the repository's job already on the way says it is that request", async () => {
    window.history.pushState({}, "", "/jobs/job1?existing=1");
    const { unmount } = renderWithI18n(<UpToDateNotice job={{ upToDate: undefined }} />);
    expect(await screen.findByTestId("existing-job")).toHaveTextContent(
      "This repository already had a course on the way",
    );
    unmount();
    window.history.pushState({}, "", "/jobs/job1");
    const { container } = renderWithI18n(<UpToDateNotice job={{ upToDate: undefined }} />);
    expect(container).toBeEmptyDOMElement();
    expect(requestedJobHref({ jobId: "j2", created: false })).toBe("/jobs/j2?existing=1");
    expect(requestedJobHref({ jobId: "j2", created: true })).toBe("/jobs/j2");
  });

  it("the request form says the last request was up to date; an ordinary job says nothing", () => {
    const { unmount } = renderWithI18n(<LastRequestUpToDate job={job} />);
    expect(screen.getByTestId("last-request-up-to-date")).toHaveTextContent(
      "commit abc1234 already has this course",
    );
    unmount();
    const { container } = renderWithI18n(
      <UpToDateNotice job={{ upToDate: undefined, courseId: "c", commit: "abc1234" }} />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
