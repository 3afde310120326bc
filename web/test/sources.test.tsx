/**
 * Citations open the source viewer: its addresses (the share key and the lesson kept, only
 * plain repository paths), inline citations in a lesson turned into viewer links, the
 * citation list's links, and the code box with the cited lines marked.
 */
import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CitationList } from "@/components/course/CitationList.tsx";
import { Markdown } from "@/components/course/Markdown.tsx";
import { SourceCode } from "@/components/sources/SourceCode.tsx";
import {
  parseInlineCitation,
  parseLines,
  pathFromSegments,
  sourceHref,
} from "@/lib/sourceLinks.ts";
import { renderWithI18n } from "./render.tsx";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const ctx = { courseId: "c1", from: "the-queue", share: "AbCdEfGhIjKlMnOpQrStUv" };

describe("source viewer addresses", () => {
  it("keep the lines, the lesson and the share key; encode each path segment", () => {
    expect(sourceHref(ctx, "src/a b.ts", { start: 3, end: 9 })).toBe(
      "/courses/c1/~source/src/a%20b.ts?lines=3-9&from=the-queue&share=AbCdEfGhIjKlMnOpQrStUv",
    );
    expect(sourceHref({ courseId: "c1" }, "x.ts", { start: 4, end: 4 })).toBe(
      "/courses/c1/~source/x.ts?lines=4",
    );
  });

  it("refuse paths that are not plain repository paths", () => {
    for (const path of ["../etc/passwd", "/etc/passwd", "https://x.test/a.ts", "a//b"]) {
      expect(sourceHref(ctx, path)).toBeNull();
    }
    expect(pathFromSegments(["src", "a%20b.ts"])).toBe("src/a b.ts");
    expect(pathFromSegments(["..", "x"])).toBeNull();
    expect(pathFromSegments(["%E0%A4%A"])).toBeNull();
  });

  it("parse line ranges and inline citations", () => {
    expect(parseLines("3-9")).toEqual({ start: 3, end: 9 });
    expect(parseLines("7")).toEqual({ start: 7, end: 7 });
    for (const bad of ["0-2", "9-3", "x", "", null, "1-2-3"]) expect(parseLines(bad)).toBeNull();
    expect(parseInlineCitation("src/a.ts:10-24")).toEqual({
      path: "src/a.ts",
      lines: { start: 10, end: 24 },
    });
    expect(parseInlineCitation("localhost:3000")).toBeNull();
    expect(parseInlineCitation("../x.ts:1-2")).toBeNull();
  });
});

describe("citation links in a lesson", () => {
  it("an inline citation links to the viewer; code blocks and other code stay as they are", () => {
    const { container } = renderWithI18n(
      <Markdown sources={ctx}>
        {"See `src/queue.ts:3-9` and `npm test`.\n\n```\nsrc/queue.ts:1-2\n```\n"}
      </Markdown>,
    );
    expect(screen.getByRole("link", { name: "src/queue.ts:3-9" })).toHaveAttribute(
      "href",
      "/courses/c1/~source/src/queue.ts?lines=3-9&from=the-queue&share=AbCdEfGhIjKlMnOpQrStUv",
    );
    expect(container.querySelectorAll("a")).toHaveLength(1);
  });

  it("without a course, inline citations are plain code", () => {
    const { container } = renderWithI18n(<Markdown>{"See `src/queue.ts:3-9`."}</Markdown>);
    expect(container.querySelector("a")).toBeNull();
  });

  it("the citation list opens the viewer, with GitHub as a second link", () => {
    const citations = [{ path: "src/queue.ts", startLine: 10, endLine: 20 }];
    const { unmount } = renderWithI18n(
      <CitationList
        citations={citations}
        source={{ github: { owner: "acme", name: "rocket" }, commit: SHA }}
        link={ctx}
      />,
    );
    expect(screen.getByRole("link", { name: "src/queue.ts:10-20" })).toHaveAttribute(
      "href",
      "/courses/c1/~source/src/queue.ts?lines=10-20&from=the-queue&share=AbCdEfGhIjKlMnOpQrStUv",
    );
    expect(screen.getByRole("link", { name: "src/queue.ts:10-20 on GitHub" })).toHaveAttribute(
      "href",
      `https://github.com/acme/rocket/blob/${SHA}/src/queue.ts#L10-L20`,
    );
    unmount();
    renderWithI18n(<CitationList citations={citations} source={{ commit: SHA }} link={ctx} />);
    expect(screen.getAllByRole("link")).toHaveLength(1);
  });
});

describe("<SourceCode>", () => {
  it("numbers every line, marks the cited ones and scrolls to the first; the box takes the focus", () => {
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    const { container } = renderWithI18n(
      <SourceCode path="src/a.ts" text={"one\ntwo\nthree\nfour\n"} cited={{ start: 2, end: 3 }} />,
    );
    const rows = [...container.querySelectorAll(".source-line")];
    expect(rows.map((r) => r.textContent)).toEqual(["1one", "2two", "3three", "4four"]);
    expect(rows.map((r) => r.hasAttribute("data-cited"))).toEqual([false, true, true, false]);
    const box = screen.getByRole("region", { name: "Source of src/a.ts" });
    expect(box).toHaveAttribute("tabindex", "0");
    expect(scroll).toHaveBeenCalledTimes(1);
    expect((scroll.mock.contexts[0] as Element).id).toBe("L2");
  });
});
