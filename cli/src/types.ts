/**
 * The seams inside the CLI. The scanner builds a CodeMap (no model); the pipeline (model
 * steps 1-6, or the offline course builder) turns it into a CourseDraft; the output writer
 * validates the draft and writes the course folder. Progress goes out through an Emitter.
 */
import type {
  Abstraction,
  Citation,
  CliEventInput,
  CourseLanguage,
  Relationship,
  Usage,
} from "@fondation/shared";
import type { FactsMemo } from "./offline/facts.ts";

// ---------- code map (written by cli/src/scan and cli/src/codemap) ----------

export type OutlineKind =
  | "function"
  | "class"
  | "interface"
  | "type"
  | "enum"
  | "struct"
  | "const"
  | "variable"
  | "method"
  | "module";

/** One declaration in a file's outline. */
export interface OutlineItem {
  kind: OutlineKind;
  name: string;
  exported: boolean;
  /** 1-based line where the declaration starts. */
  line: number;
  /** 1-based line where it ends, when known. */
  endLine?: number;
  /** First sentence(s) of its doc comment, when there is one. */
  doc?: string;
  /** One-line signature, e.g. `function parse(input: string): Ast`. */
  signature?: string;
}

export interface MapFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  /** Detected language ("typescript", "python", "go", "markdown", ...) or null. */
  language: string | null;
  bytes: number;
  lines: number;
  /** Doc comment or docstring at the top of the file. */
  doc?: string;
  outline: OutlineItem[];
  /** Repository-relative paths this file imports (resolved inside the repository). */
  imports: string[];
  /** Rough token count of the whole file (about 4 characters per token). */
  tokens: number;
}

export interface SkippedFile {
  path: string;
  reason:
    | "gitignored"
    | "binary"
    | "vendored"
    | "generated"
    | "lockfile"
    | "too-large"
    | "budget"
    | "unreadable"
    | "symlink"
    | "unsafe-name";
}

export interface ReadmeSection {
  title: string;
  /** Heading depth (1 for `#`). */
  depth: number;
  text: string;
}

export interface CodeMap {
  /** Absolute path of the analysed folder. */
  root: string;
  /** Display name of the repository (folder name or owner/name). */
  name: string;
  /** HEAD commit when the folder is a git work tree. */
  commit?: string;
  files: MapFile[];
  skipped: SkippedFile[];
  /** Files per language. */
  languages: Record<string, number>;
  readme?: { path: string; sections: ReadmeSection[] };
  totals: { filesSeen: number; filesKept: number; bytesKept: number; tokensKept: number };
}

/** Reads kept files on demand, so large repositories are never held in memory at once. */
export interface SourceReader {
  /** Whole file text (UTF-8, invalid bytes replaced). */
  read(path: string): Promise<string>;
  /** Lines start..end (1-based, inclusive). */
  lines(path: string, start: number, end: number): Promise<string[]>;
}

// ---------- course draft (written by the pipeline, read by the output writer) ----------

export interface LessonDraft {
  slug: string;
  title: string;
  abstraction?: string;
  /** Markdown body, with ```mermaid blocks and code excerpts cited as `path:start-end`. */
  markdown: string;
  citations: Citation[];
}

export interface CourseDraft {
  title: string;
  summary: string;
  /** Model that wrote the prose; null for the offline, structural course. */
  model: string | null;
  abstractions: Abstraction[];
  relationships: Relationship[];
  /** In teaching order. */
  chapters: LessonDraft[];
  tutorials: LessonDraft[];
  usage: Usage;
}

// ---------- running ----------

export interface AnalyzeOptions {
  /** Folder to analyse. */
  dir: string;
  /** Course output folder. */
  out: string;
  language: CourseLanguage;
  model: string;
  concurrency: number;
  resume: boolean;
  offline: boolean;
  maxChapters: number;
  /** Repository URL and commit to record in the manifest (the worker passes them). */
  repositoryUrl?: string;
}

/** Where progress goes: NDJSON on stdout with --json, a live display on a terminal. */
export interface Emitter {
  emit(event: CliEventInput): void;
}

/** The course plan of a previous version, taken as it is when its parts did not change. */
export interface ReusedPlan {
  title: string;
  summary: string;
  abstractions: Abstraction[];
  relationships: Relationship[];
  chapters: { abstraction: string; title: string; summary: string }[];
  tutorials: { title: string; goal: string; chapters: string[] }[];
}

/**
 * What a refresh (`--update`, cli/src/update) lends a builder: the previous plan when the
 * overview is kept, and the lessons it may keep (asked per lesson, with the abstraction the
 * builder has for it; undefined: write it).
 */
export interface Reuse {
  plan?: ReusedPlan;
  lesson(slug: string, abstraction: Abstraction | undefined): LessonDraft | undefined;
}

/** What the model pipeline and the offline builder both implement. */
export type CourseBuilder = (input: {
  map: CodeMap;
  reader: SourceReader;
  options: AnalyzeOptions;
  emit: Emitter;
  signal?: AbortSignal;
  reuse?: Reuse;
  /** Per-file facts kept between runs (offline/facts.ts; the offline builder's ranking). */
  facts?: FactsMemo;
}) => Promise<CourseDraft>;
