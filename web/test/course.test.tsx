import { screen } from "@testing-library/react";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { CitationList } from "@/components/course/CitationList.tsx";
import { CourseSidebar } from "@/components/course/CourseSidebar.tsx";
import { LessonPager } from "@/components/course/LessonPager.tsx";
import { stripLeadingTitle } from "@/components/course/LessonView.tsx";
import { citationUrl } from "@/lib/citations.ts";
import { lessonPosition, teachingOrder } from "@/lib/courseNav.ts";
import { buildCourseZip, zipFileName } from "@/lib/exportZip.ts";
import type { LessonView } from "@/lib/types.ts";
import { renderWithI18n } from "./render.tsx";

function lesson(kind: LessonView["kind"], order: number, slug: string): LessonView {
  return { kind, order, slug, title: `Title ${slug}`, citations: [], prev: null, next: null };
}
// Deliberately shuffled: tutorials first, chapters out of order.
const lessons = [
  lesson("tutorial", 4, "first-tutorial"),
  lesson("chapter", 2, "queue"),
  lesson("chapter", 1, "overview"),
  lesson("tutorial", 5, "second-tutorial"),
  lesson("chapter", 3, "worker"),
];
const SHA = "0123456789abcdef0123456789abcdef01234567";

describe("course navigation", () => {
  it("orders chapters, then tutorials", () => {
    expect(teachingOrder(lessons).map((l) => l.slug)).toEqual([
      "overview",
      "queue",
      "worker",
      "first-tutorial",
      "second-tutorial",
    ]);
  });

  it("finds neighbours across the chapter/tutorial boundary", () => {
    const pos = lessonPosition(lessons, "worker");
    expect(pos?.prev?.slug).toBe("queue");
    expect(pos?.next?.slug).toBe("first-tutorial");
    expect(lessonPosition(lessons, "overview")?.prev).toBeNull();
    expect(lessonPosition(lessons, "second-tutorial")?.next).toBeNull();
    expect(lessonPosition(lessons, "missing")).toBeNull();
  });

  it("sidebar lists both groups in order and marks the current lesson", () => {
    renderWithI18n(<CourseSidebar courseId="c1" lessons={lessons} currentSlug="queue" />);
    const nav = screen.getByRole("navigation", { name: "Contents" });
    const links = [...nav.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "/courses/c1/overview",
      "/courses/c1/queue",
      "/courses/c1/worker",
      "/courses/c1/first-tutorial",
      "/courses/c1/second-tutorial",
    ]);
    expect(screen.getByRole("heading", { name: "Tutorials" })).toBeInTheDocument();
    expect(screen.getByRole("link", { current: "page" })).toHaveTextContent("Title queue");
  });

  it("pager links to the previous and next lessons", () => {
    renderWithI18n(<LessonPager courseId="c1" lessons={lessons} currentSlug="worker" />);
    expect(screen.getByRole("link", { name: /Previous.*Title queue/ })).toHaveAttribute(
      "href",
      "/courses/c1/queue",
    );
    expect(screen.getByRole("link", { name: /Next.*Title first-tutorial/ })).toHaveAttribute(
      "href",
      "/courses/c1/first-tutorial",
    );
  });

  it("drops a leading title that repeats the lesson's", () => {
    expect(stripLeadingTitle("# Title queue\n\nBody", "Title queue")).toBe("Body");
    expect(stripLeadingTitle("# Something else\n\nBody", "Title queue")).toBe(
      "# Something else\n\nBody",
    );
  });
});

describe("citations", () => {
  const github = { owner: "acme", name: "rocket" };

  it("links to the exact commit and line range on GitHub", () => {
    expect(
      citationUrl({ github, commit: SHA }, { path: "src/a b.ts", startLine: 3, endLine: 9 }),
    ).toBe(`https://github.com/acme/rocket/blob/${SHA}/src/a%20b.ts#L3-L9`);
    expect(citationUrl({ github, commit: SHA }, { path: "x.ts", startLine: 4, endLine: 4 })).toBe(
      `https://github.com/acme/rocket/blob/${SHA}/x.ts#L4`,
    );
  });

  it("gives no link without a GitHub source or a real commit, and strips path tricks", () => {
    const c = { path: "x.ts", startLine: 1, endLine: 2 };
    expect(citationUrl({ commit: SHA }, c)).toBeNull();
    expect(citationUrl({ github }, c)).toBeNull();
    expect(citationUrl({ github, commit: "main" }, c)).toBeNull();
    expect(citationUrl({ github, commit: SHA }, { ...c, path: "../../etc/passwd" })).toBe(
      `https://github.com/acme/rocket/blob/${SHA}/etc/passwd#L1-L2`,
    );
  });

  it("renders links for GitHub and plain labels elsewhere", () => {
    const citations = [{ path: "src/queue.ts", startLine: 10, endLine: 20 }];
    const { unmount } = renderWithI18n(
      <CitationList citations={citations} source={{ github, commit: SHA }} />,
    );
    expect(screen.getByRole("link", { name: "src/queue.ts:10-20" })).toHaveAttribute(
      "href",
      `https://github.com/acme/rocket/blob/${SHA}/src/queue.ts#L10-L20`,
    );
    unmount();
    renderWithI18n(<CitationList citations={citations} source={{ commit: SHA }} />);
    expect(screen.queryByRole("link")).toBeNull();
    expect(screen.getByText("src/queue.ts:10-20")).toBeInTheDocument();
    expect(screen.getByText(/@ 0123456/)).toBeInTheDocument();
  });
});

describe("Markdown zip export", () => {
  it("writes every lesson in reading order with its sources, and an index", () => {
    const withCitation = lessons.map((l) =>
      l.slug === "queue" ? { ...l, citations: [{ path: "q.ts", startLine: 1, endLine: 5 }] } : l,
    );
    const markdown = new Map(lessons.map((l) => [l.slug, `# ${l.title}\n\nBody of ${l.slug}\n`]));
    const zip = buildCourseZip({
      course: { title: "Rocket", summary: "A course.", commit: SHA, model: null, language: "fr" },
      repositoryName: "acme/rocket",
      lessons: withCitation,
      markdown,
    });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([
      "README.md",
      "chapters/01-overview.md",
      "chapters/02-queue.md",
      "chapters/03-worker.md",
      "tutorials/01-first-tutorial.md",
      "tutorials/02-second-tutorial.md",
    ]);
    expect(strFromU8(files["chapters/02-queue.md"] as Uint8Array)).toContain("Sources: q.ts:1-5");
    const readme = strFromU8(files["README.md"] as Uint8Array);
    expect(readme).toContain("1. [Title overview](chapters/01-overview.md)");
    expect(readme).toContain("4. [Title first-tutorial](tutorials/01-first-tutorial.md)");
    expect(readme).toContain(`acme/rocket @ ${SHA}`);
    expect(zipFileName("acme/rocket", "fr")).toBe("acme-rocket-course-fr.zip");
  });

  it("refuses to export a course with a missing lesson", () => {
    expect(() =>
      buildCourseZip({
        course: { title: "R", summary: "", model: null, language: "en" },
        repositoryName: "r",
        lessons,
        markdown: new Map(),
      }),
    ).toThrow(/markdown of "Title overview" is missing/);
  });
});
