/**
 * Prompt text. Every request starts with the same system blocks (instructions, code map,
 * and for steps 4-6 the course plan) so the prefix is cached once and read by every later
 * request. Tags (<code_map>, <course_plan>, <task>, <file>) delimit the parts; the local
 * API stand-in's "course" scenario reads them too.
 */
import type { CourseLanguage } from "@fondation/shared";

export const LANGUAGE_NAMES: Record<CourseLanguage, string> = {
  en: "English",
  fr: "French",
  es: "Spanish",
  de: "German",
};

export function instructions(language: CourseLanguage): string {
  return [
    "You write courses that teach a code repository to developers who are new to it.",
    `<language>${language}</language>`,
    `Write all prose (titles, explanations, summaries, labels) in ${LANGUAGE_NAMES[language]}. Code, identifiers and file paths stay as they are.`,
    "Rules:",
    "- Teach from the code you are shown; never invent files, functions or behaviour.",
    "- Answer with the content itself: no preamble, no remarks about what you are doing or about to do, no closing offers.",
    "- When asked for Markdown, start with a level-1 heading.",
    "- Code excerpts: a fenced block whose info string is the language then the cited range, e.g. ```ts src/app.ts:12-30 . Cite only lines you were shown, at most 30 lines per excerpt. The block's body is replaced with the real lines, so keep it short.",
    "- Diagrams: fenced ```mermaid blocks, flowchart or sequenceDiagram, node labels in double quotes.",
  ].join("\n");
}

export const STEP_TASKS = {
  abstractions: (max: number) =>
    `<task kind="abstractions"/>\nIdentify the ${Math.min(3, max)} to ${max} core abstractions a newcomer must understand, most important first. For each: an id (lowercase words joined by hyphens), a short name, a description of two or three sentences (what it is, why it exists, an analogy when it helps), and the files that implement it (paths from the code map). Call record_abstractions.`,
  relationships: () =>
    `<task kind="relationships"/>\nWrite a summary of the project (what it does and for whom, three to five sentences) and list how the abstractions relate: from, to (abstraction ids) and a short label (a verb phrase). Every abstraction should appear in at least one relationship. Call record_relationships.`,
  order: () =>
    `<task kind="order"/>\nChoose the order in which to teach the abstractions: foundations and entry points first, details later. Give every abstraction exactly one chapter with a title and a one-sentence summary, a title for the course, and one to three hands-on tutorials, each with a title, a goal and the abstraction ids it practises. Call record_order.`,
};

export function chapterTask(c: {
  slug: string;
  title: string;
  abstraction: string;
  index: number;
  total: number;
  prev?: string;
  next?: string;
}): string {
  return [
    `<task kind="chapter" slug="${c.slug}" abstraction="${c.abstraction}" index="${c.index}" total="${c.total}">`,
    `Write chapter ${c.index} of ${c.total}: "${c.title}", in Markdown.`,
    c.prev
      ? `The previous chapter is "${c.prev}": open with one sentence that links to it.`
      : "This is the first chapter.",
    c.next
      ? `The next chapter is "${c.next}": end with one sentence that leads to it.`
      : "This is the last chapter.",
    "Explain the abstraction's purpose, its main parts and how it works, with one mermaid diagram and two to four short code excerpts cited from the files below. Aim for 600 to 1200 words.",
    "</task>",
  ].join("\n");
}

export function reviewTask(slug: string): string {
  return [
    `<task kind="review" slug="${slug}">`,
    "Review the chapter draft below against the source lines it cites. Fix statements the code does not support, unclear explanations, and prose not in the course language. Keep its structure, diagrams and cited ranges (you may remove a citation that does not support the text).",
    "Answer with the whole corrected chapter in Markdown and nothing else.",
    "</task>",
  ].join("\n");
}

export function tutorialTask(t: {
  slug: string;
  title: string;
  goal: string;
  chapters: string[];
}): string {
  return [
    `<task kind="tutorial" slug="${t.slug}" chapters="${t.chapters.join(",")}">`,
    `Write the hands-on tutorial "${t.title}" in Markdown. Goal: ${t.goal}`,
    "Structure: a level-1 title, then three level-2 sections: the objectives (a bullet list), the steps (a numbered list; each step says what to do in this repository, with commands or code to write, cited from the files below when it helps), and the checks (how the learner verifies each objective).",
    "</task>",
  ].join("\n");
}
