/**
 * Opens a course for questions: the course folder, the repository it was made from (its
 * code map, built by the scanner with its own limits, skips symlinks and oversized files),
 * and the search index over both. Open once, ask many times (the worker keeps one per course).
 */
import { statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { buildCodeMap } from "../codemap/index.ts";
import { inputError } from "../errors.ts";
import { headCommit } from "../scan/git.ts";
import type { CodeMap } from "../types.ts";
import { type LoadedCourse, loadCourse } from "./course.ts";
import { buildPassages } from "./passages.ts";
import { PassageIndex } from "./search.ts";
import { SafeFolder } from "./source.ts";

export interface OpenedCourse {
  course: LoadedCourse;
  map: CodeMap;
  repository: SafeFolder;
  index: PassageIndex;
  /** Things the reader should know (the repository is not at the course's commit). */
  warnings: string[];
}

export async function openCourse(
  courseFolder: string,
  options: { repo?: string } = {},
): Promise<OpenedCourse> {
  const folder = resolve(courseFolder);
  const course = await loadCourse(folder);
  const repo = repositoryOf(folder, options.repo, course.manifest.repository.commit);
  const { map } = await buildCodeMap(repo, { exclude: [folder] });
  const warnings: string[] = [];
  const wanted = course.manifest.repository.commit;
  const head = map.commit ?? (await headCommit(repo));
  if (wanted && head && head !== wanted)
    warnings.push(
      `The repository ${repo} is at ${head.slice(0, 12)}, the course was made at ${wanted.slice(0, 12)}: citations are checked against the folder as it is (check out ${wanted.slice(0, 12)} for the course's lines).`,
    );
  return {
    course,
    map,
    repository: new SafeFolder(map.root),
    index: new PassageIndex(buildPassages(map, course.lessons)),
    warnings,
  };
}

/** --repo, else the folder holding `.fondation/course` (analyze's default --out). */
function repositoryOf(courseFolder: string, repo: string | undefined, commit?: string): string {
  const inside =
    basename(courseFolder) === "course" && basename(dirname(courseFolder)) === ".fondation"
      ? resolve(courseFolder, "../..")
      : undefined;
  const chosen = repo ? resolve(repo) : inside;
  const at = commit ? ` at commit ${commit.slice(0, 12)}` : "";
  if (!chosen)
    throw inputError(
      "invalid_options",
      `Which repository is this course about? Pass --repo <folder>: the folder the course was made from${at}.`,
    );
  let isFolder = false;
  try {
    isFolder = statSync(chosen).isDirectory();
  } catch {}
  if (!isFolder)
    throw inputError(
      "repository_not_found",
      `${chosen} is not a folder: pass --repo <folder>, the repository the course was made from${at}.`,
    );
  return chosen;
}
