/** A small multi-module project in a git work tree, and a way to run analyze on it in-process. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type CliEventInput,
  type CourseManifest,
  courseManifestSchema,
  DEFAULT_MODEL,
} from "@fondation/shared";
import { buildCodeMap } from "../../src/codemap/index.ts";
import { analyzeCommand } from "../../src/commands/analyze.ts";
import { lessonProblems } from "../../src/output/validate.ts";

const fn = (name: string, body: string[], doc: string) =>
  [
    `/** ${doc} */`,
    `export function ${name}(value: number): number {`,
    ...body.map((l) => `  ${l}`),
    "}",
    "",
  ].join("\n");

export const PROJECT: Record<string, string> = {
  "README.md":
    "# Shop\n\nA small shop, used to test course refreshes.\n\n## Usage\n\n```sh\nnpm start\n```\n",
  "package.json": JSON.stringify({ name: "shop", scripts: { start: "node src/main.ts" } }),
  "src/main.ts": [
    'import { serve } from "./api/server.ts";',
    'import { total } from "./core/cart.ts";',
    "",
    "/** Starts the shop. */",
    "export function main(): void {",
    "  serve(total([1, 2, 3]));",
    "}",
    "",
  ].join("\n"),
  "src/core/money.ts": [
    "/** Money arithmetic in cents. */",
    "",
    fn(
      "cents",
      ["const whole = Math.round(value * 100);", "return whole;"],
      "Whole cents of an amount.",
    ),
    fn("round", ["const r = Math.round(value);", "return r;"], "Round to a cent."),
    fn("double", ["const d = value * 2;", "return d;"], "Twice an amount."),
  ].join("\n"),
  "src/core/cart.ts": [
    'import { cents, round } from "./money.ts";',
    "",
    "/** The total of the items, in cents. */",
    "export function total(items: number[]): number {",
    "  let sum = 0;",
    "  for (const item of items) sum += cents(item);",
    "  return round(sum);",
    "}",
    "",
  ].join("\n"),
  "src/api/server.ts": [
    'import { format } from "./format.ts";',
    "",
    "/** Prints the total. */",
    "export function serve(amount: number): void {",
    "  console.log(format(amount));",
    "}",
    "",
  ].join("\n"),
  "src/api/format.ts": fn(
    "format",
    ["const text = String(value / 100);", "return Number(text);"],
    "Format an amount.",
  ),
  "src/api/routes.ts": fn("routeCount", ["const n = value + 1;", "return n;"], "How many routes."),
  "src/extra/legacy.ts": fn(
    "legacy",
    ["const l = value - 1;", "return l;"],
    "An old helper kept for callers.",
  ),
  "src/extra/older.ts": fn("older", ["const o = value - 2;", "return o;"], "An even older helper."),
};

export function makeRepo(files: Record<string, string> = PROJECT): {
  root: string;
  write(path: string, text: string): void;
  read(path: string): string;
  remove(path: string): void;
  commit(): string;
  cleanup(): void;
} {
  const root = mkdtempSync(join(tmpdir(), "fondation-update-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", root, ...args], { encoding: "utf8" }).trim();
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  git("init", "-q");
  const commit = () => {
    git("add", "-A");
    git(
      "-c",
      "user.email=t@example.com",
      "-c",
      "user.name=t",
      "commit",
      "-qm",
      "change",
      "--allow-empty",
    );
    return git("rev-parse", "HEAD");
  };
  commit();
  return {
    root,
    write,
    read: (path) => readFileSync(join(root, path), "utf8"),
    remove: (path) => rmSync(join(root, path)),
    commit,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), "fondation-course-"));
}

/** `fondation analyze <repo> --offline [--update <previous>]`, in this process. */
export async function analyzeOffline(repo: string, out: string, update?: string) {
  const events: CliEventInput[] = [];
  await analyzeCommand(
    repo,
    {
      out,
      language: "en",
      model: DEFAULT_MODEL,
      concurrency: 2,
      offline: true,
      maxChapters: 12,
      ...(update ? { update } : {}),
    },
    { emit: (e) => events.push(e) },
    { ANTHROPIC_API_KEY: undefined },
  );
  return { manifest: readManifest(out), events };
}

export function readManifest(out: string): CourseManifest {
  return courseManifestSchema.parse(JSON.parse(readFileSync(join(out, "course.json"), "utf8")));
}

export function lessonText(out: string, manifest: CourseManifest, slug: string): string {
  const lesson = [...manifest.chapters, ...manifest.tutorials].find((l) => l.slug === slug);
  if (!lesson) throw new Error(`no lesson ${slug}`);
  return readFileSync(join(out, lesson.file), "utf8");
}

/** Every lesson of the course passes the writer's checks against the repository as it is. */
export async function problemsOf(repo: string, out: string): Promise<string[]> {
  const manifest = readManifest(out);
  const { map } = await buildCodeMap(repo, { exclude: [out] });
  const problems: string[] = [];
  for (const l of [...manifest.chapters, ...manifest.tutorials]) {
    const markdown = readFileSync(join(out, l.file), "utf8");
    for (const p of await lessonProblems(
      { slug: l.slug, title: l.title, markdown, citations: l.citations },
      map,
    ))
      problems.push(`${l.slug}: ${p}`);
  }
  return problems;
}

export function statusOf(manifest: CourseManifest): Record<string, string> {
  return Object.fromEntries((manifest.update?.lessons ?? []).map((l) => [l.slug, l.status]));
}
