/**
 * The bounded context of an answer: the best-ranked passages turned into excerpts of the
 * repository (`path:start-end` and the lines themselves) and notes from the lessons, until
 * a character budget is spent. Never the whole repository: a declaration gives at most
 * `maxExcerptLines` lines, a lesson section its first citations, and everything stops at
 * `maxChars`. Every range is checked with the lessons' citation validator before it is read,
 * so a stale lesson citation (the repository moved on) is dropped, not quoted. A thin
 * wrapper (a few lines that call something else of its file) brings the declarations it
 * calls along, since that is where the work it names is done.
 */
import type { Citation } from "@fondation/shared";
import { citationKey, citationProblems } from "../output/citations.ts";
import type { CodeMap } from "../types.ts";
import type { Passage } from "./passages.ts";
import type { PassageIndex, SearchHit } from "./search.ts";
import type { SafeFolder } from "./source.ts";

export interface ContextLimits {
  /** Characters of code and notes in all. */
  maxChars: number;
  maxExcerptLines: number;
  maxExcerpts: number;
  /** Characters of one lesson note. */
  maxNoteChars: number;
  /** Ranked passages looked at. */
  hits: number;
  /** Citations of one lesson section turned into excerpts. */
  citationsPerSection: number;
}

export const DEFAULT_CONTEXT_LIMITS: ContextLimits = {
  maxChars: 24_000,
  maxExcerptLines: 60,
  maxExcerpts: 12,
  maxNoteChars: 1_200,
  hits: 40,
  citationsPerSection: 2,
};

/** A declaration this short is taken for a wrapper, and what it calls is quoted after it. */
const THIN_WRAPPER_LINES = 8;
const CALLEES_PER_WRAPPER = 2;
type Declaration = Extract<Passage, { kind: "declaration" }>;

export interface Excerpt {
  citation: Citation;
  /** What the lines are: `function decode`, or the lesson section that cited them. */
  label: string;
  /** The declaration's name, when the excerpt is one. */
  name?: string;
  lines: string[];
  language: string | null;
  score: number;
}

export interface LessonNote {
  slug: string;
  title: string;
  file: string;
  heading: string;
  text: string;
  score: number;
}

export interface AskContext {
  question: string;
  excerpts: Excerpt[];
  notes: LessonNote[];
  /** Characters of excerpts and notes together (≤ maxChars). */
  chars: number;
  /** Ranges the ranking proposed that do not resolve in the repository, with why. */
  dropped: { citation: string; reason: string }[];
}

export async function pickContext(
  question: string,
  index: PassageIndex,
  map: CodeMap,
  folder: SafeFolder,
  limits: ContextLimits = DEFAULT_CONTEXT_LIMITS,
  /** A follow-up's earlier questions: their words rank too, at a lower weight (search.ts). */
  earlier: readonly string[] = [],
): Promise<AskContext> {
  const ctx: AskContext = { question, excerpts: [], notes: [], chars: 0, dropped: [] };
  const languages = new Map(map.files.map((f) => [f.path, f.language]));
  const declarations = declarationsByFile(index.passages);
  for (const hit of index.search(question, limits.hits, earlier)) {
    if (ctx.chars >= limits.maxChars || ctx.excerpts.length >= limits.maxExcerpts) break;
    const p = hit.passage;
    if (p.kind === "declaration") {
      const added = await addExcerpt(ctx, hit, p.citation, `${p.declKind} ${p.name}`, p.name);
      if (added && added.lines.length <= THIN_WRAPPER_LINES) {
        for (const callee of callees(p, added.lines, declarations))
          await addExcerpt(
            ctx,
            hit,
            callee.citation,
            `${callee.declKind} ${callee.name}`,
            callee.name,
          );
      }
      continue;
    }
    const text = p.markdown.slice(0, limits.maxNoteChars);
    if (ctx.chars + text.length <= limits.maxChars) {
      ctx.notes.push({ ...p.lesson, heading: p.heading, text, score: hit.score });
      ctx.chars += text.length;
    }
    const label = `${p.lesson.title}${p.heading ? ` › ${p.heading}` : ""}`;
    for (const c of p.citations.slice(0, limits.citationsPerSection))
      await addExcerpt(ctx, hit, c, label);
  }
  return ctx;

  async function addExcerpt(
    ctx: AskContext,
    hit: SearchHit,
    cited: Citation,
    label: string,
    name?: string,
  ): Promise<Excerpt | null> {
    if (ctx.excerpts.length >= limits.maxExcerpts) return null;
    const problem = citationProblems([cited], map)[0];
    if (problem) {
      ctx.dropped.push({ citation: citationKey(cited), reason: problem });
      return null;
    }
    const end = Math.min(cited.endLine, cited.startLine + limits.maxExcerptLines - 1);
    const range = { path: cited.path, startLine: cited.startLine, endLine: end };
    if (ctx.excerpts.some((e) => covers(e.citation, range))) return null;
    let lines: string[];
    try {
      lines = (await folder.lines(range.path)).slice(range.startLine - 1, range.endLine);
    } catch (error) {
      ctx.dropped.push({ citation: citationKey(range), reason: (error as Error).message });
      return null;
    }
    // Cut the last excerpt to what the budget has left, or skip it when that is too little.
    const room = limits.maxChars - ctx.chars;
    let used = 0;
    let kept = 0;
    for (const line of lines) {
      if (used + line.length + 1 > room) break;
      used += line.length + 1;
      kept++;
    }
    if (kept < Math.min(3, lines.length)) return null;
    const excerpt: Excerpt = {
      citation: { ...range, endLine: range.startLine + kept - 1 },
      label,
      ...(name ? { name } : {}),
      lines: lines.slice(0, kept),
      language: languages.get(range.path) ?? null,
      score: hit.score,
    };
    ctx.excerpts.push(excerpt);
    ctx.chars += used;
    return excerpt;
  }
}

function declarationsByFile(passages: Passage[]): Map<string, Declaration[]> {
  const byFile = new Map<string, Declaration[]>();
  for (const p of passages) {
    if (p.kind !== "declaration") continue;
    const list = byFile.get(p.citation.path) ?? [];
    list.push(p);
    byFile.set(p.citation.path, list);
  }
  return byFile;
}

/** Declarations of the same file that `lines` call by name (`this.run(`, `run(`), itself excepted. */
function callees(
  wrapper: Declaration,
  lines: string[],
  byFile: Map<string, Declaration[]>,
): Declaration[] {
  const own = shortName(wrapper.name);
  const called = new Set(
    [...lines.join("\n").matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1] as string),
  );
  called.delete(own);
  const found: Declaration[] = [];
  for (const d of byFile.get(wrapper.citation.path) ?? []) {
    if (found.length >= CALLEES_PER_WRAPPER) break;
    if (d !== wrapper && called.has(shortName(d.name))) found.push(d);
  }
  return found;
}

function shortName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

/** Whether `a` already holds most of `b` (same file, at least half of b's lines). */
function covers(a: Citation, b: Citation): boolean {
  if (a.path !== b.path) return false;
  const overlap = Math.min(a.endLine, b.endLine) - Math.max(a.startLine, b.startLine) + 1;
  return overlap >= (b.endLine - b.startLine + 1) / 2;
}
