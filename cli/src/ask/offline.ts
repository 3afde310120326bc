/**
 * The answer without a model: the best-ranked excerpts (each cited `path:start-end`, with
 * its first lines), then the lesson sections that matched, under a notice that says no
 * model wrote it. Its citations go through the same validation as a model's.
 */
import type { CourseLanguage } from "@fondation/shared";
import { citationKey } from "../output/citations.ts";
import type { CodeMap } from "../types.ts";
import { type AskAnswer, contextSources, validateCitations } from "./answer.ts";
import type { AskContext, Excerpt } from "./context.ts";
import { askLabels } from "./labels.ts";

export const OFFLINE_LIMITS = {
  /** Excerpts shown in the answer (the context may hold more). */
  excerpts: 6,
  /** Lines of each excerpt shown under its citation. */
  linesShown: 12,
  notes: 3,
  /** Characters of a lesson section quoted. */
  noteChars: 280,
};

export function offlineAnswer(
  ctx: AskContext,
  map: CodeMap,
  language: CourseLanguage,
  warnings: string[] = [],
): AskAnswer {
  const labels = askLabels(language);
  const parts: string[] = [];
  const excerpts = ctx.excerpts.slice(0, OFFLINE_LIMITS.excerpts);
  if (excerpts.length > 0) {
    parts.push(`### ${labels.bestMatches}`, "");
    excerpts.forEach((e, i) => {
      parts.push(`${i + 1}. **${e.label}** — \`${citationKey(e.citation)}\``, "", fenced(e), "");
    });
  }
  const notes = ctx.notes.slice(0, OFFLINE_LIMITS.notes);
  if (notes.length > 0) {
    parts.push(`### ${labels.fromTheCourse}`, "");
    for (const n of notes) {
      const where = n.heading ? `${n.title} › ${n.heading}` : n.title;
      parts.push(`- *${where}* (\`${n.slug}\`): ${gist(n.text)}`);
    }
    parts.push("");
  }
  if (parts.length === 0) parts.push(labels.nothingFound);
  const checked = validateCitations(parts.join("\n").trim(), map, labels.unresolved);
  return {
    question: ctx.question,
    mode: "offline",
    model: null,
    language,
    notice: labels.offlineNotice,
    markdown: checked.markdown,
    citations: checked.citations,
    unresolved: [...ctx.dropped, ...checked.unresolved],
    ...contextSources(ctx),
    usage: null,
    warnings,
  };
}

function fenced(e: Excerpt): string {
  const shown = e.lines.slice(0, OFFLINE_LIMITS.linesShown);
  if (e.lines.length > shown.length) shown.push("…");
  const body = shown.map((l) => `   ${l}`).join("\n");
  // A fence longer than any backtick run inside, so quoted code never closes it.
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `   ${fence}${e.language ?? ""}\n${body}\n   ${fence}`;
}

/** A lesson section's prose on one line, without its heading, code or citations' markup. */
function gist(markdown: string): string {
  const prose = markdown
    .replace(/^#{1,4}\s+.*$/gm, "")
    .replace(/(```|~~~)[\s\S]*?\1/g, "")
    .replace(/^>.*$/gm, "")
    .replace(/\s+/g, " ")
    .trim();
  return prose.length > OFFLINE_LIMITS.noteChars
    ? `${prose.slice(0, OFFLINE_LIMITS.noteChars).replace(/\s\S*$/, "")}…`
    : prose;
}
