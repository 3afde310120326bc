/** A shared course's key kept on in-course links (lib/shareLink.ts, courseNav, lessonLinks). */
import { describe, expect, test } from "vitest";
import { lessonHref } from "@/lib/courseNav.ts";
import { resolveLessonLink } from "@/lib/lessonLinks.ts";
import { shareFromParams, shareUrl, withShare } from "@/lib/shareLink.ts";

const KEY = "AbCdEfGhIjKlMnOpQrStUv";

describe("share key on links", () => {
  test("goes in the query, before the hash, and nowhere without a key", () => {
    expect(withShare("/courses/c/x#section-a", KEY)).toBe(`/courses/c/x?share=${KEY}#section-a`);
    expect(withShare("/search?q=a", KEY)).toBe(`/search?q=a&share=${KEY}`);
    expect(withShare("/courses/c/x#h", undefined)).toBe("/courses/c/x#h");
    expect(lessonHref("c", "the queue", KEY)).toBe(`/courses/c/the%20queue?share=${KEY}`);
    expect(lessonHref("c", "x")).toBe("/courses/c/x");
    expect(shareUrl("http://localhost:3000", "c1", KEY)).toBe(
      `http://localhost:3000/courses/c1?share=${KEY}`,
    );
  });

  test("a lesson's link to another lesson keeps it; a link within the page needs none", () => {
    const ctx = {
      courseId: "c",
      slugs: ["one", "two"],
      currentSlug: "one",
      anchors: new Set(["intro"]),
      share: KEY,
    };
    expect(resolveLessonLink("../chapters/02-two.md#how-it-works", ctx)).toEqual({
      kind: "lesson",
      href: `/courses/c/two?share=${KEY}#section-how-it-works`,
    });
    expect(resolveLessonLink("#intro", ctx)).toEqual({ kind: "lesson", href: "#section-intro" });
  });

  test("is read from the URL only when present and of a sane length", () => {
    expect(shareFromParams(new URLSearchParams(`share=${KEY}`))).toBe(KEY);
    expect(shareFromParams(new URLSearchParams("share="))).toBeUndefined();
    expect(shareFromParams(new URLSearchParams(`share=${"a".repeat(65)}`))).toBeUndefined();
    expect(shareFromParams(null)).toBeUndefined();
  });
});
