/**
 * The course-quality harness's rule (f) (bench/course-quality/links.ts): a relative link
 * must land on a lesson file and, with `#anchor`, on one of its headings; links inside code
 * are not read.
 */
import { describe, expect, it } from "vitest";
import { headingAnchors, lessonLinks } from "../../bench/course-quality/links.ts";

const texts = new Map([
  [
    "chapters/01-overview.md",
    [
      "# Overview",
      "",
      "## Reading order",
      "",
      "1. [Router](../chapters/02-router.md#key-excerpts) and [its role](../chapters/02-router.md#role)",
      "2. [Top](#reading-order), [TOC entry](#installation), [docs](docs/guide.md)",
      "3. [gone](../chapters/09-gone.md) and [site](https://example.com/x)",
      "",
      "   ```rust",
      "   //! [reference](index.html)",
      "   ```",
    ].join("\n"),
  ],
  ["chapters/02-router.md", "# Router\n\n## Key excerpts\n\n### `Router.handle`\n\n## Role\n"],
]);

describe("course-quality links rule", () => {
  it("counts relative links and breaks those that land on no lesson or heading", () => {
    const { total, broken } = lessonLinks("chapters/01-overview.md", texts);
    expect(total).toBe(6);
    expect(broken).toEqual(["#installation", "docs/guide.md", "../chapters/09-gone.md"]);
  });

  it("spells heading anchors as GitHub does, code spans and repeats included", () => {
    expect([...headingAnchors("## Key excerpts\n### `Router.handle`\n## Role\n## Role")]).toEqual([
      "key-excerpts",
      "routerhandle",
      "role",
      "role-1",
    ]);
  });
});
