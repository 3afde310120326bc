/**
 * The zip export keeps the lessons' links working: lessons link to each other by the
 * paths the CLI writes (`../chapters/02-queue.md#anchor`, shared `lessonFile`), so once
 * unzipped every relative link of every file, the README index included, must name a file
 * of the zip and, with `#anchor`, one of that file's headings.
 */
import { posix } from "node:path";
import { lessonFile } from "@fondation/shared";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildCourseZip } from "@/lib/exportZip.ts";
import { anchorSequence } from "@/lib/headingIds.ts";
import type { LessonView } from "@/lib/types.ts";

function lesson(kind: LessonView["kind"], order: number, slug: string): LessonView {
  return { kind, order, slug, title: `Title ${slug}`, citations: [], prev: null, next: null };
}
// Shuffled on purpose: the zip must number each kind in reading order, as the CLI does.
const lessons = [
  lesson("tutorial", 3, "trace-queue"),
  lesson("chapter", 1, "queue"),
  lesson("chapter", 0, "overview"),
  lesson("tutorial", 4, "run-it"),
  lesson("chapter", 2, "worker"),
];

/** Markdown as the CLI writes it: links to other lessons by their course-folder path. */
const link = (kind: LessonView["kind"], index: number, slug: string, anchor = "") =>
  `../${lessonFile(kind, index, slug)}${anchor ? `#${anchor}` : ""}`;
const markdown = new Map([
  [
    "overview",
    `# Overview\n\n## Reading order\n\n1. [Queue](${link("chapter", 2, "queue")})\n2. [Worker](${link("chapter", 3, "worker", "key-excerpts")})\n\nThen [run it](${link("tutorial", 2, "run-it")}).\n`,
  ],
  ["queue", `# Queue\n\n## Role\n\nSee [the overview](${link("chapter", 1, "overview")}).\n`],
  ["worker", "# Worker\n\n## Key excerpts\n\n### `Worker.claim`\n\nText.\n"],
  ["trace-queue", `# Trace\n\n1. Read [the queue](${link("chapter", 2, "queue", "role")}).\n`],
  ["run-it", `# Run\n\n[Next: trace](${link("tutorial", 1, "trace-queue")})\n`],
]);

function headingAnchors(md: string): Set<string> {
  const next = anchorSequence();
  return new Set([...md.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((m) => next(m[1] as string)));
}

describe("zip export links", () => {
  it("names files as the CLI does, so every relative link resolves after unzip", () => {
    const files = unzipSync(
      buildCourseZip({
        course: { title: "Rocket", summary: "", model: null, language: "en" },
        repositoryName: "acme/rocket",
        lessons,
        markdown,
      }),
    );
    const text = (name: string) => strFromU8(files[name] as Uint8Array).replace(/`/g, "");
    let checked = 0;
    for (const name of Object.keys(files)) {
      for (const [, target] of text(name).matchAll(/\]\(([^)\s]+)\)/g)) {
        const [path, anchor] = (target as string).split("#");
        const resolved = posix.normalize(posix.join(posix.dirname(name), path as string));
        expect(Object.keys(files), `${name} → ${target}`).toContain(resolved);
        if (anchor) expect([...headingAnchors(text(resolved))]).toContain(anchor);
        checked++;
      }
    }
    // The lessons' 6 links and the index's 5 entries.
    expect(checked).toBe(11);
  });
});
