/**
 * A refreshed course's "What changed" section and the lesson diff: the lessons a refresh
 * rewrote, added and removed with their reasons (kept ones counted, not listed), links to
 * each diff for the owner; the diff's rows marked by sign and word as well as colour.
 */
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LessonDiff } from "@/components/course/changes/LessonDiff.tsx";
import { defaultOther } from "@/components/course/changes/LessonDiffView.tsx";
import { WhatChanged } from "@/components/course/changes/WhatChanged.tsx";
import { hunks, lineDiff } from "@/lib/lessonDiff.ts";
import type { CourseChangesView, CourseSummaryView, LessonView } from "@/lib/types.ts";
import { renderWithI18n } from "./render.tsx";

const lesson = (slug: string, title: string, order: number): LessonView => ({
  order,
  kind: "chapter",
  slug,
  title,
  citations: [],
  prev: null,
  next: null,
});

const LESSONS = [
  lesson("overview", "Overview", 0),
  lesson("the-queue", "The queue", 1),
  lesson("storage", "Storage", 2),
  lesson("retries", "Retries", 3),
];

const CHANGES: CourseChangesView = {
  fromCommit: "abcdef0123456789abcdef0123456789abcdef01",
  fromCourseId: "c0",
  overview: "kept",
  lessons: [
    { kind: "chapter", slug: "overview", status: "kept", reason: "unchanged", files: [] },
    {
      kind: "chapter",
      slug: "the-queue",
      status: "rewritten",
      reason: "src/queue.ts changed",
      files: ["src/queue.ts"],
    },
    {
      kind: "chapter",
      slug: "storage",
      status: "kept",
      reason: "its citations moved",
      files: ["src/db.ts"],
    },
    {
      kind: "chapter",
      slug: "retries",
      status: "new",
      reason: "a new module: src/retry.ts",
      files: ["src/retry.ts"],
    },
    {
      kind: "chapter",
      slug: "old-cache",
      status: "removed",
      reason: "src/cache.ts was deleted",
      files: ["src/cache.ts"],
    },
  ],
};

describe("What changed", () => {
  it("lists the rewritten, new and removed lessons with their reasons, and counts the kept ones", () => {
    renderWithI18n(<WhatChanged courseId="c1" changes={CHANGES} lessons={LESSONS} linkDiffs />);
    expect(screen.getByText("What changed since commit abcdef0")).toBeInTheDocument();
    expect(screen.getByText(/1 rewritten · 1 new · 1 removed · 2 kept/)).toBeInTheDocument();
    const items = screen.getAllByRole("listitem");
    expect(items.map((li) => li.querySelector(".change-status")?.textContent)).toEqual([
      "Rewritten",
      "New",
      "Removed",
    ]);
    const [rewritten, added, removed] = items;
    if (!rewritten || !added || !removed) throw new Error("three items expected");
    expect(rewritten).toHaveTextContent("src/queue.ts changed");
    expect(within(rewritten).getByRole("link", { name: "The queue" })).toHaveAttribute(
      "href",
      "/courses/c1/the-queue",
    );
    expect(
      within(rewritten).getByRole("link", { name: "Show the changes to The queue" }),
    ).toHaveAttribute("href", "/courses/c1/~diff/the-queue?from=c0");
    expect(added).toHaveTextContent("a new module: src/retry.ts");
    expect(added).toHaveTextContent("Files: src/retry.ts");
    // A removed lesson has no page in this version, but its diff shows what went.
    expect(
      within(removed)
        .getAllByRole("link")
        .map((a) => a.getAttribute("href")),
    ).toEqual(["/courses/c1/~diff/old-cache?from=c0"]);
    expect(removed).toHaveTextContent("src/cache.ts was deleted");
    // Kept lessons are counted, not listed.
    expect(screen.queryByText("its citations moved")).toBeNull();
    expect(
      screen.getByText("Lessons kept as they were, their code unchanged: 2."),
    ).toBeInTheDocument();
    expect(screen.getByText(/The overview .* was kept\./)).toBeInTheDocument();
  });

  it("a visitor sees the list without diff links (comparing needs the owner's history)", () => {
    const { fromCourseId: _, ...visitorChanges } = CHANGES;
    renderWithI18n(
      <WhatChanged
        courseId="c1"
        changes={visitorChanges}
        lessons={LESSONS}
        linkDiffs={false}
        share="KEY"
      />,
    );
    expect(screen.queryByRole("link", { name: /Show the changes/ })).toBeNull();
    expect(screen.getByRole("link", { name: "The queue" })).toHaveAttribute(
      "href",
      "/courses/c1/the-queue?share=KEY",
    );
  });

  it("a refresh that changed nothing says so", () => {
    const quiet: CourseChangesView = {
      fromCommit: null,
      overview: "rewritten",
      lessons: [{ kind: "chapter", slug: "overview", status: "kept", reason: "", files: [] }],
    };
    renderWithI18n(<WhatChanged courseId="c1" changes={quiet} lessons={LESSONS} linkDiffs />);
    expect(screen.getByText("What changed since the previous version")).toBeInTheDocument();
    expect(screen.getByText("No lesson was rewritten, added or removed.")).toBeInTheDocument();
    expect(screen.getByText(/The overview .* was written again\./)).toBeInTheDocument();
  });
});

describe("line diff", () => {
  it("numbers the lines of both versions; a missing final newline is no change", () => {
    expect(lineDiff("a\nb\nc", "a\nB\nc\nd\n")).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2, newLine: null },
      { kind: "added", text: "B", oldLine: null, newLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 3 },
      { kind: "added", text: "d", oldLine: null, newLine: 4 },
    ]);
    expect(lineDiff("x", "x\n").every((r) => r.kind === "same")).toBe(true);
  });

  it("folds unchanged runs beyond three lines of context", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n");
    const after = before.replace("line 10", "line ten");
    const blocks = hunks(lineDiff(before, after));
    expect(blocks.map((b) => (b.kind === "folded" ? b.count : b.rows.length))).toEqual([6, 8, 7]);
  });
});

describe("the lesson diff", () => {
  it("marks added and removed lines with a sign and a word, not colour alone", () => {
    const before = "# The queue\n\nJobs wait in a list.\n\nThe end.\n";
    const after = "# The queue\n\nJobs wait in a heap.\n\nThe end.\n";
    const { container } = renderWithI18n(<LessonDiff before={before} after={after} />);
    expect(screen.getByText("Lines added: 1 · lines removed: 1")).toBeInTheDocument();
    const region = screen.getByRole("region", { name: "Line by line changes" });
    expect(region).toHaveAttribute("tabindex", "0");
    const removed = container.querySelector('.diff-row[data-kind="removed"]');
    const added = container.querySelector('.diff-row[data-kind="added"]');
    expect(removed).toHaveTextContent("−Removed");
    expect(removed?.querySelector("del")).toHaveTextContent("Jobs wait in a list.");
    expect(added).toHaveTextContent("+Added");
    expect(added?.querySelector("ins")).toHaveTextContent("Jobs wait in a heap.");
    // Line numbers: the removed line was 3 before, the added one is 3 after.
    expect([...(removed?.querySelectorAll(".diff-num") ?? [])].map((c) => c.textContent)).toEqual([
      "3",
      "",
    ]);
    expect([...(added?.querySelectorAll(".diff-num") ?? [])].map((c) => c.textContent)).toEqual([
      "",
      "3",
    ]);
    expect(screen.getAllByRole("columnheader").map((th) => th.textContent)).toEqual([
      "Line before",
      "Line after",
      "Change",
      "Text",
    ]);
  });

  it("a lesson in one version only, and an unchanged one, say so", () => {
    const { unmount } = renderWithI18n(<LessonDiff before={null} after={"# New\n"} />);
    expect(
      screen.getByText("A new lesson: the older version does not have it."),
    ).toBeInTheDocument();
    expect(screen.getByText("Lines added: 1 · lines removed: 0")).toBeInTheDocument();
    unmount();
    renderWithI18n(<LessonDiff before={"same\n"} after={"same\n"} />);
    expect(screen.getByText("This lesson is the same in both versions.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).toBeNull();
  });
});

describe("the version compared with by default", () => {
  const h = (id: string): CourseSummaryView => ({
    _id: id,
    _creationTime: 0,
    jobId: "j",
    title: "t",
    summary: "",
    language: "en",
    model: null,
    lessonCount: 1,
  });
  const history = [h("c3"), h("c2"), h("c1")];
  it("is the version refreshed from, else the one before, else the one after", () => {
    expect(defaultOther(history, "c3", "c1")).toBe("c1");
    expect(defaultOther(history, "c3", undefined)).toBe("c2");
    expect(defaultOther(history, "c3", "gone")).toBe("c2");
    expect(defaultOther(history, "c1", undefined)).toBe("c2");
    expect(defaultOther([h("c1")], "c1", undefined)).toBeUndefined();
  });
});
