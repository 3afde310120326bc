/**
 * `fondation analyze <dir>`: scan → code map → course draft (model pipeline, or the offline
 * builder when there is no key or --offline) → checked course folder. Progress goes to the
 * emitter; failures are thrown as CliError and reported by main.ts.
 */
import { relative, resolve } from "node:path";
import { type CourseLanguage, checkGitUrl } from "@fondation/shared";
import { CodeMapCache, readCodeMapCache, writeCodeMapCache } from "../codemap/cache.ts";
import { usageError } from "../errors.ts";
import { buildOfflineCourse } from "../offline/index.ts";
import { clearCheckpoints, completedSteps, runFingerprint } from "../output/checkpoints.ts";
import { checkOutputFolder, writeCourse } from "../output/write.ts";
import type { AnalyzeOptions, CourseBuilder, Emitter } from "../types.ts";
import type { PreviousCourse } from "../update/previous.ts";
import { checkFolder, scanFolder } from "./inputs.ts";
import { defaultOut } from "./options.ts";

export interface AnalyzeFlags {
  out?: string;
  language: CourseLanguage;
  model: string;
  concurrency: number;
  /** Accepted for scripts written when resuming had to be asked for; it is the default. */
  resume?: boolean;
  /** Discard earlier checkpoints instead of reusing them. */
  fresh?: boolean;
  json?: boolean;
  offline?: boolean;
  maxChapters: number;
  repositoryUrl?: string;
  /** A previous course folder to bring up to date (cli/src/update). */
  update?: string;
}

export async function analyzeCommand(
  dir: string,
  flags: AnalyzeFlags,
  emit: Emitter,
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<{ outDir: string; manifestPath: string }> {
  const root = checkFolder(dir);
  const out = resolve(flags.out ?? defaultOut(root));
  if (out === root)
    throw usageError(
      "--out must not be the analysed folder itself: choose a folder for the course.",
    );
  checkOutputFolder(out);

  let repositoryUrl: string | undefined;
  let displayName: string | undefined;
  if (flags.fresh && flags.resume)
    throw usageError("--fresh and --resume contradict each other: choose one.");
  if (flags.repositoryUrl) {
    const check = checkGitUrl(flags.repositoryUrl, { allowFile: true, allowInsecure: true });
    if (!check.ok) throw usageError(`--repository-url: ${check.error}`);
    repositoryUrl = check.url;
    if (check.github) displayName = `${check.github.owner}/${check.github.name}`;
  }

  const hasKey = typeof env.ANTHROPIC_API_KEY === "string" && env.ANTHROPIC_API_KEY.trim() !== "";
  const offline = Boolean(flags.offline) || !hasKey;

  // Every course keeps its per-file code map, so that a refresh maps only what changed; it
  // is read from disk while the previous course is checked (a failed read is an empty cache).
  const savedCache = flags.update ? readCodeMapCache(resolve(flags.update)) : undefined;
  // Read first: a folder that is not a course is refused before any work.
  const previous: PreviousCourse | undefined = flags.update
    ? await (await import("../update/previous.ts")).readPreviousCourse(flags.update)
    : undefined;

  // git lists the previous commit's paths while the folder is scanned.
  const fromCommit = previous?.manifest.repository.commit;
  const tree = fromCommit
    ? (await import("../update/tree.ts")).treeAt(root, fromCommit)
    : undefined;
  const cache = (await savedCache) ?? new CodeMapCache();
  const { map, reader } = await scanFolder(
    root,
    previous ? [out, previous.folder] : [out],
    displayName,
    cache,
  );
  const options: AnalyzeOptions = {
    dir: root,
    out,
    language: flags.language,
    model: flags.model,
    concurrency: flags.concurrency,
    // A model run reuses what an earlier run of the same inputs paid for (checkpoints carry
    // a fingerprint of the files and options): a plain rerun after a failure loses nothing.
    // An offline run costs nothing to redo, so it reuses checkpoints only when asked.
    resume: flags.resume === true || (!flags.fresh && !offline),
    offline,
    maxChapters: flags.maxChapters,
    ...(repositoryUrl ? { repositoryUrl } : {}),
  };

  const fingerprint = runFingerprint(map, options);
  const resumedSteps = options.resume ? await completedSteps(out, fingerprint) : [];
  if (!options.resume) await clearCheckpoints(out);

  emit.emit({
    kind: "run.started",
    outDir: out,
    model: offline ? "none" : options.model,
    language: options.language,
    offline,
    resumedSteps,
    filesScanned: map.totals.filesSeen,
    filesKept: map.totals.filesKept,
  });
  if (!flags.offline && !hasKey) {
    emit.emit({
      kind: "log",
      level: "warn",
      message:
        "ANTHROPIC_API_KEY is not set: writing a structural course offline, without a model. Set the key for a written course.",
    });
  }
  const skippedDirs = map.skipped.filter((s) => s.path.endsWith("/")).length;
  emit.emit({
    kind: "log",
    level: "info",
    message: `Kept ${map.totals.filesKept} of ${map.totals.filesSeen} files (${map.skipped.length - skippedDirs} files and ${skippedDirs} folders skipped); languages: ${Object.entries(
      map.languages,
    )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([l, n]) => `${l} ${n}`)
      .join(", ")}.`,
  });

  if (previous)
    emit.emit({
      kind: "log",
      level: "info",
      message: `Code map: ${cache.reused} unchanged file(s) taken from the previous course, ${cache.mapped.length - cache.reused} mapped again.`,
    });
  const shas = cache.shas();
  const session = previous
    ? await (await import("../update/run.ts")).startUpdate(previous, map, {
        offline,
        language: options.language,
        emit,
        shas,
        ...(tree ? { tree } : {}),
      })
    : undefined;
  const builder = offline ? buildOfflineCourse : await loadModelBuilder();
  const built = await builder({
    map,
    reader,
    options,
    emit,
    ...(signal ? { signal } : {}),
    ...(session ? { reuse: session.reuse } : {}),
    // The offline ranking's per-file facts, kept with the code map cache.
    facts: cache,
  });
  const { draft, update } = session ? session.finish(built) : { draft: built, update: undefined };
  const { manifest, manifestPath } = await writeCourse(draft, {
    map,
    options,
    shas,
    ...(update ? { update } : {}),
  });
  try {
    await writeCodeMapCache(out, cache);
  } catch (error) {
    // The course is written; without its cache a later --update only maps every file again.
    emit.emit({
      kind: "log",
      level: "warn",
      message: `The code map cache was not saved (${(error as Error).message}); the course is complete.`,
    });
  }
  emit.emit({
    kind: "run.completed",
    manifest: manifestPath,
    chapters: manifest.chapters.length,
    tutorials: manifest.tutorials.length,
    usage: manifest.usage,
  });
  return {
    outDir: out,
    manifestPath: relative(process.cwd(), resolve(out, manifestPath)) || manifestPath,
  };
}

/** The model pipeline lives in cli/src/pipeline (loaded only when a model run is asked for). */
async function loadModelBuilder(): Promise<CourseBuilder> {
  return (await import("../pipeline/index.ts")).buildCourseWithModel;
}
