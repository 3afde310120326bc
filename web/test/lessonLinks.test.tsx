/**
 * Links between lessons in the reader: the CLI writes them as files on disk
 * (`../chapters/02-router.md#anchor`); the reader must send them to its own lesson URLs,
 * land `#anchor` on the heading's id, and show a link that names nothing as plain text.
 */
import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { LessonView } from "@/components/course/LessonView.tsx";
import { Markdown } from "@/components/course/Markdown.tsx";
import { anchorSequence, headingAnchor } from "@/lib/headingIds.ts";
import { resolveLessonLink, slugOfPath } from "@/lib/lessonLinks.ts";
import { renderWithI18n } from "./render.tsx";

const slugs = ["overview", "router", "run-and-explore", "2fa"];
const ctx = {
  courseId: "c1",
  slugs,
  currentSlug: "overview",
  anchors: new Set(["role", "key-excerpts"]),
};

describe("heading anchors", () => {
  it("follow GitHub's rule: lower case, punctuation dropped, spaces to hyphens, repeats numbered", () => {
    expect(headingAnchor("Lib (top-level files): `Argument`")).toBe("lib-top-level-files-argument");
    expect(headingAnchor("Où ça s'insère")).toBe("où-ça-sinsère");
    const next = anchorSequence();
    expect(["Role", "Role", "Role-1", "Role"].map(next)).toEqual([
      "role",
      "role-1",
      "role-1-1",
      "role-2",
    ]);
  });
});

describe("resolveLessonLink", () => {
  it("sends a lesson file, as the CLI writes it, to the reader's lesson URL with its heading", () => {
    expect(resolveLessonLink("../chapters/02-router.md#key-excerpts", ctx)).toEqual({
      kind: "lesson",
      href: "/courses/c1/router#section-key-excerpts",
    });
    expect(resolveLessonLink("../tutorials/01-run-and-explore.md", ctx)).toEqual({
      kind: "lesson",
      href: "/courses/c1/run-and-explore",
    });
    expect(resolveLessonLink("chapters/03-2fa.md", ctx).kind).toBe("lesson");
    expect(resolveLessonLink("router.md#Role", ctx)).toEqual({
      kind: "lesson",
      href: "/courses/c1/router#section-role",
    });
  });

  it("checks an anchor on the page itself against its headings", () => {
    expect(resolveLessonLink("#key-excerpts", ctx)).toEqual({
      kind: "lesson",
      href: "#section-key-excerpts",
    });
    expect(resolveLessonLink("../chapters/01-overview.md#role", ctx)).toEqual({
      kind: "lesson",
      href: "#section-role",
    });
    expect(resolveLessonLink("#no-such-heading", ctx).kind).toBe("unresolved");
  });

  it("leaves nothing that is not a lesson of this course as a link", () => {
    for (const href of [
      "docs/router.md",
      "./examples/split.js",
      "LICENSE-MIT",
      "struct.Searcher.html",
      "../chapters/09-missing.md",
      "/courses/chapters/02-router.md",
      "",
    ]) {
      expect(resolveLessonLink(href, ctx).kind, href).toBe("unresolved");
    }
    expect(slugOfPath("../../chapters/02-router.md", slugs)).toBe("router");
    expect(resolveLessonLink("https://example.com/a.md", ctx).kind).toBe("external");
  });
});

describe("<Markdown> with the course's links", () => {
  const links = { courseId: "c1", slugs, currentSlug: "overview" };

  it("gives headings prefixed ids that the links of other lessons reach", () => {
    const { container } = renderWithI18n(
      <Markdown links={links}>
        {"## Key excerpts\n\n### `Router`\n\nSee [the router](../chapters/02-router.md#role)."}
      </Markdown>,
    );
    expect(container.querySelector("h2")?.id).toBe("section-key-excerpts");
    expect(container.querySelector("h3")?.id).toBe("section-router");
    expect(screen.getByRole("link", { name: "the router" })).toHaveAttribute(
      "href",
      "/courses/c1/router#section-role",
    );
  });

  it("renders an unresolvable relative link as its text, never a broken link", () => {
    const { container } = renderWithI18n(
      <Markdown links={links}>
        {"Read [the docs](docs/guide.md), [the top](#missing) and [ok](#key).\n\n## Key"}
      </Markdown>,
    );
    expect(screen.queryByRole("link", { name: "the docs" })).toBeNull();
    expect(screen.getByText("the docs").tagName).toBe("SPAN");
    expect(screen.queryByRole("link", { name: "the top" })).toBeNull();
    expect(screen.getByRole("link", { name: "ok" })).toHaveAttribute("href", "#section-key");
    // Besides the heading's link to itself (rehypeHeadingAnchors).
    expect(container.querySelectorAll("a:not(.heading-anchor)")).toHaveLength(1);
  });

  it("keeps GFM footnotes working", () => {
    const { container } = renderWithI18n(
      <Markdown links={links}>{"A claim.[^1]\n\n[^1]: The source."}</Markdown>,
    );
    const ref = container.querySelector("sup a");
    const target = ref?.getAttribute("href")?.slice(1) ?? "";
    expect(target).not.toBe("");
    expect(container.querySelector(`[id="${target}"]`)).not.toBeNull();
  });
});

describe("<LessonView> headings and arrival", () => {
  const lessons = slugs.map((slug, order) => ({
    kind: "chapter" as const,
    order,
    slug,
    title: slug === "router" ? "Router" : `Title ${slug}`,
    citations: [],
    prev: null,
    next: null,
  }));
  const router = lessons[1] as (typeof lessons)[number];

  it("numbers a heading named like the title the page shows as the lesson file does", () => {
    const { container } = renderWithI18n(
      <LessonView
        courseId="c1"
        lessons={lessons}
        lesson={router}
        markdown={"# Router\n\n## Router\n\nSee [it](#router-1)."}
        source={{ commit: "abc" }}
      />,
    );
    expect(container.querySelector(".markdown h2")?.id).toBe("section-router-1");
    expect(screen.getByRole("link", { name: "it" })).toHaveAttribute("href", "#section-router-1");
  });

  it("scrolls to the linked heading once the lesson is shown", () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    window.history.replaceState(null, "", "/courses/c1/router#section-role");
    renderWithI18n(
      <LessonView
        courseId="c1"
        lessons={lessons}
        lesson={router}
        markdown={"# Router\n\n## Key\n\n## Role\n"}
        source={{ commit: "abc" }}
      />,
    );
    expect(scroll).toHaveBeenCalledTimes(1);
    expect((scroll.mock.contexts[0] as Element).id).toBe("section-role");
    window.history.replaceState(null, "", "/");
  });
});
