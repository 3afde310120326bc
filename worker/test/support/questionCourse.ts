/** A small course for the question tests: one lesson citing one stored source file. */
import type { PreviousCourse, PreviousPart } from "../../src/runner/backend.ts";

export const QUEUE_TS = [
  "export class Queue {",
  "  private items: string[] = [];",
  "  /** Drains the queue: hands every item to the handler. */",
  "  drain(handler: (item: string) => void): void {",
  "    for (const item of this.items.splice(0)) handler(item);",
  "  }",
  "}",
  "",
].join("\n");

const LESSON = "# The queue\n\nThe queue is drained by `drain` in `src/queue.ts:4-6`.\n";

export function questionCourse(courseId: string): {
  course: PreviousCourse;
  parts: PreviousPart[];
} {
  return {
    course: {
      courseId,
      title: "Widgets",
      summary: "How widgets are queued.",
      language: "en",
      model: null,
      abstractions: [
        { id: "queue", name: "Queue", description: "The queue.", files: ["src/queue.ts"] },
      ],
      relationships: [],
      sourceFiles: [],
      lessons: [
        {
          kind: "chapter",
          slug: "queue",
          title: "The queue",
          abstraction: "queue",
          citations: [{ path: "src/queue.ts", startLine: 4, endLine: 6 }],
          prev: null,
          next: null,
          partCount: 1,
        },
      ],
      files: [{ path: "src/queue.ts", size: QUEUE_TS.length, lines: 7, partCount: 1 }],
      partCount: 2,
    },
    parts: [
      { kind: "lesson", slug: "queue", index: 0, text: LESSON },
      { kind: "file", path: "src/queue.ts", index: 0, text: QUEUE_TS },
    ],
  };
}
