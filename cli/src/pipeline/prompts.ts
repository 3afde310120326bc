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

/*
 * Worked examples for the structured steps: one tiny made-up project ("tinyq", a job
 * queue), shown in the exact input shape of the step's tool. Each is fenced in an
 * <example> tag and introduced as not the answer, and the task ends by asking for the tool
 * call, so that a model answering with `tool_choice: auto` calls the tool with its own
 * answer rather than echoing the example as text.
 */
const EXAMPLE_ABSTRACTIONS = {
  abstractions: [
    {
      id: "job-queue",
      name: "The job queue",
      description:
        "Queue holds the jobs waiting to run and hands them out one at a time. It exists so that producers never wait for workers, like a ticket dispenser at a counter.",
      files: ["tinyq/queue.py"],
    },
    {
      id: "worker-loop",
      name: "Workers",
      description:
        "A Worker takes jobs from the queue, runs them and records the result. Retries and timeouts live here, so jobs themselves stay plain functions.",
      files: ["tinyq/worker.py", "tinyq/retry.py"],
    },
  ],
};

const EXAMPLE_RELATIONSHIPS = {
  summary:
    "tinyq is a small job queue for Python programs that need to run work in the background. Producers enqueue plain functions; workers run them with retries and timeouts.",
  relationships: [{ from: "worker-loop", to: "job-queue", label: "takes jobs from" }],
};

const EXAMPLE_ORDER = {
  title: "tinyq from the inside",
  chapters: [
    {
      abstraction: "job-queue",
      title: "Where jobs wait",
      summary: "How the queue stores jobs and hands them out in order.",
    },
    {
      abstraction: "worker-loop",
      title: "Running jobs",
      summary: "How a worker runs each job, retries failures and enforces timeouts.",
    },
  ],
  tutorials: [
    {
      title: "Add a job priority",
      goal: "Let producers give a job a priority and have workers take urgent jobs first.",
      chapters: ["job-queue", "worker-loop"],
    },
  ],
};

function example(tool: string, value: unknown): string {
  return [
    `Example only: the input of ${tool} for a made-up project, "tinyq", to show the shape. It is not about this repository and is not your answer; do not reuse its ids, names or files.`,
    `<example>\n${JSON.stringify(value, null, 1)}\n</example>`,
  ].join("\n");
}

export const STEP_TASKS = {
  abstractions: (max: number) =>
    [
      `<task kind="abstractions"/>`,
      `Identify the ${Math.min(3, max)} to ${max} core abstractions a newcomer must understand, most important first. For each: an id (lowercase words joined by hyphens), a short name, a description of two or three sentences (what it is, why it exists, an analogy when it helps), and the files that implement it (source files, not tests, with paths exactly as the code map lists them).`,
      example("record_abstractions", EXAMPLE_ABSTRACTIONS),
      "Now call record_abstractions with the abstractions of this repository.",
    ].join("\n"),
  relationships: () =>
    [
      `<task kind="relationships"/>`,
      "Write a summary of the project (what it does and for whom, three to five sentences) and list how the abstractions relate: from, to (abstraction ids) and a short label (a verb phrase). Every abstraction should appear in at least one relationship.",
      example("record_relationships", EXAMPLE_RELATIONSHIPS),
      "Now call record_relationships with the summary and relationships of this repository, using the abstraction ids given above.",
    ].join("\n"),
  order: () =>
    [
      `<task kind="order"/>`,
      "Choose the order in which to teach the abstractions: foundations and entry points first, details later. Give every abstraction exactly one chapter with a title and a one-sentence summary, a title for the course, and one to three hands-on tutorials, each with a title, a goal and the abstraction ids it practises.",
      example("record_order", EXAMPLE_ORDER),
      "Now call record_order with the course plan for this repository, one chapter per abstraction id given above.",
    ].join("\n"),
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
