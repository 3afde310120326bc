/**
 * What retrieval ranks: one passage per declaration of the code map (its name, signature,
 * doc comment and line range) and one per section of each lesson (its heading, prose and
 * the citations it makes). Built from the course and the code map of its repository.
 */
import type { Citation } from "@fondation/shared";
import { citationsInMarkdown } from "../output/citations.ts";
import type { CodeMap, MapFile, OutlineItem, OutlineKind } from "../types.ts";
import type { CourseLesson } from "./course.ts";

/** Lines a declaration without a known end is taken to span at most. */
const OPEN_DECLARATION_LINES = 30;

export type Passage =
  | {
      id: number;
      kind: "declaration";
      name: string;
      declKind: OutlineKind;
      exported: boolean;
      signature?: string;
      doc?: string;
      citation: Citation;
      /** Indexed text besides the name and path. */
      text: string;
    }
  | {
      id: number;
      kind: "lesson";
      lesson: { slug: string; title: string; file: string };
      heading: string;
      /** The section's markdown. */
      markdown: string;
      citations: Citation[];
      text: string;
    };

export function buildPassages(map: CodeMap, lessons: CourseLesson[]): Passage[] {
  const passages: Passage[] = [];
  for (const file of map.files) {
    const sorted = [...file.outline].sort((a, b) => a.line - b.line);
    for (const [i, item] of sorted.entries()) {
      passages.push({
        id: passages.length,
        kind: "declaration",
        name: item.name,
        declKind: item.kind,
        exported: item.exported,
        ...(item.signature ? { signature: item.signature } : {}),
        ...(item.doc ? { doc: item.doc } : {}),
        citation: {
          path: file.path,
          startLine: item.line,
          endLine: endOf(item, sorted[i + 1], file),
        },
        text: [item.kind, item.signature ?? "", item.doc ?? ""].join(" "),
      });
    }
  }
  for (const lesson of lessons) {
    for (const section of sections(lesson.markdown)) {
      passages.push({
        id: passages.length,
        kind: "lesson",
        lesson: { slug: lesson.slug, title: lesson.title, file: lesson.file },
        heading: section.heading,
        markdown: section.markdown,
        citations: citationsInMarkdown(section.markdown),
        text: section.markdown,
      });
    }
  }
  return passages;
}

/** The last line of a declaration: its own end, else up to the next one, bounded. */
function endOf(item: OutlineItem, next: OutlineItem | undefined, file: MapFile): number {
  const end =
    item.endLine ??
    Math.min(
      item.line + OPEN_DECLARATION_LINES - 1,
      next ? Math.max(item.line, next.line - 1) : file.lines,
    );
  return Math.max(item.line, Math.min(end, file.lines));
}

/** A lesson cut at its headings (outside code fences); text before the first one is its own section. */
export function sections(markdown: string): { heading: string; markdown: string }[] {
  const out: { heading: string; lines: string[] }[] = [{ heading: "", lines: [] }];
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (marker && (fence === null || marker.startsWith(fence)))
      fence = fence === null ? marker : null;
    const heading = fence === null ? /^#{1,4}\s+(.*)$/.exec(line) : null;
    if (heading) out.push({ heading: (heading[1] as string).trim(), lines: [line] });
    else (out.at(-1) as { lines: string[] }).lines.push(line);
  }
  return out
    .map((s) => ({ heading: s.heading, markdown: s.lines.join("\n").trim() }))
    .filter((s) => s.markdown !== "");
}
