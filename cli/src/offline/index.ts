/**
 * The offline course builder (a CourseBuilder, like the model pipeline): a structural course
 * from the code map alone, clearly labelled as written without a model. It walks the same
 * six steps as the model pipeline (so the worker and the progress display see one shape of
 * run) and writes the same checkpoints; `--resume` reads finished lessons back from them.
 */
import { type PipelineStep, stepNumber, TOTAL_STEPS, ZERO_USAGE } from "@fondation/shared";
import {
  chapterCheckpointPath,
  completedSteps,
  readCheckpoint,
  runFingerprint,
  stepCheckpointPath,
  writeCheckpoint,
} from "../output/checkpoints.ts";
import { lessonProblems } from "../output/validate.ts";
import { lessonDraftSchema } from "../pipeline/schemas.ts";
import type { CourseBuilder, CourseDraft, LessonDraft } from "../types.ts";
import { type CourseContext, moduleChapter, moduleRole, overviewChapter } from "./chapters.ts";
import { findCore, isPeriphery } from "./core.ts";
import { labels } from "./i18n.ts";
import { coreOrder, groupModules, moduleName, splitByConcept } from "./modules.ts";
import { exploreTutorial, traceTargets, traceTutorial } from "./tutorials.ts";

const MAX_TRACE_TUTORIALS = 2;

export const buildOfflineCourse: CourseBuilder = async ({
  map,
  reader,
  options,
  emit,
  signal,
  reuse,
  facts,
}) => {
  const L = labels(options.language);
  const fingerprint = runFingerprint(map, options);
  const out = options.out;

  // With --resume, steps and lessons whose checkpoints match this run are not redone. The
  // small structural steps are recomputed in memory (same inputs, same result) but their
  // checkpoints are kept and announced as resumed; lessons are read back from theirs.
  const finished = new Set(options.resume ? await completedSteps(out, fingerprint) : []);
  const restoredLesson = (name: PipelineStep, slug: string) =>
    options.resume
      ? readCheckpoint(out, chapterCheckpointPath(name, slug), fingerprint, lessonDraftSchema)
      : Promise.resolve(undefined);

  const step = async <T>(
    name: PipelineStep,
    work: () => Promise<T> | T,
    saved: (r: T) => unknown = (r) => r,
  ): Promise<T> => {
    signal?.throwIfAborted();
    emit.emit({ kind: "step.started", step: name, index: stepNumber(name), total: TOTAL_STEPS });
    const result = await work();
    const resumed = finished.has(name);
    const checkpoint = resumed
      ? stepCheckpointPath(name)
      : await writeCheckpoint(out, stepCheckpointPath(name), fingerprint, saved(result));
    emit.emit({
      kind: "step.completed",
      step: name,
      index: stepNumber(name),
      total: TOTAL_STEPS,
      checkpoint,
      resumed,
    });
    return result;
  };

  const maxChapters = Math.max(1, options.maxChapters);
  const asIds = (ms: ReturnType<typeof groupModules>) =>
    ms.map((m) => ({ id: m.id, dir: m.dir, files: m.files.map((f) => f.path) }));
  const core = await findCore(map, reader, facts);
  const grouped = await step(
    "abstractions",
    () => {
      const target = Math.max(1, maxChapters - 1);
      return splitByConcept(groupModules(map, target), core, map, target);
    },
    asIds,
  );
  const periphery = new Set(grouped.filter((m) => isPeriphery(m.files, core)).map((m) => m.id));
  const names = new Map(
    grouped.map((m) => {
      const name = moduleName(m, map.name, L.topLevelFiles);
      return [m.id, periphery.has(m.id) ? L.appendixTitle(name) : name];
    }),
  );
  const roles = new Map(grouped.map((m) => [m.id, moduleRole(m, map)]));
  const abstractions = grouped.map((m) => ({
    id: m.id,
    name: names.get(m.id) ?? m.id,
    description:
      roles.get(m.id) ||
      `${m.dir || "/"}: ${L.moduleStats(
        m.files.length,
        m.files.reduce((n, f) => n + f.lines, 0),
        m.files.flatMap((f) => f.outline.filter((o) => o.exported)).length,
      )}`,
    files: m.files.map((f) => f.path),
  }));
  const relationships = await step("relationships", () =>
    grouped.flatMap((m) => m.dependsOn.map((d) => ({ from: m.id, to: d, label: L.uses }))),
  );
  const modules = await step(
    "order",
    () => coreOrder(grouped, core).slice(0, Math.max(0, maxChapters - 1)),
    (ms) => ms.map((m) => m.id),
  );

  const overviewSlug = modules.some((m) => m.id === "overview") ? "course-overview" : "overview";
  const ctx: CourseContext = {
    map,
    reader,
    L,
    modules,
    names,
    roles,
    overviewSlug,
    core,
    periphery,
  };

  const runLessons = async (
    name: PipelineStep,
    makers: { slug: string; title: string; make: () => Promise<LessonDraft> }[],
  ) =>
    step(name, async () => {
      const done: LessonDraft[] = [];
      for (const [i, maker] of makers.entries()) {
        signal?.throwIfAborted();
        // A refresh keeps the lessons whose files did not change (cli/src/update).
        const kept = reuse?.lesson(
          maker.slug,
          abstractions.find((a) => a.id === maker.slug),
        );
        let lesson = kept ?? (await restoredLesson(name, maker.slug));
        let checkpoint: string | undefined = kept
          ? undefined
          : chapterCheckpointPath(name, maker.slug);
        if (!lesson) {
          emit.emit({
            kind: "chapter.started",
            step: name,
            slug: maker.slug,
            title: maker.title,
            index: i + 1,
            total: makers.length,
          });
          lesson = await maker.make();
          checkpoint = await writeCheckpoint(
            out,
            chapterCheckpointPath(name, lesson.slug),
            fingerprint,
            lesson,
          );
        }
        done.push(lesson);
        emit.emit({
          kind: "chapter.completed",
          step: name,
          slug: lesson.slug,
          title: lesson.title,
          index: i + 1,
          total: makers.length,
          done: i + 1,
          ...(checkpoint ? { checkpoint } : {}),
        });
      }
      return done;
    });

  const chapters = await runLessons("chapters", [
    {
      slug: overviewSlug,
      title: L.overviewTitle(map.name),
      make: async () => overviewChapter(ctx),
    },
    ...modules.map((m) => ({
      slug: m.id,
      title: names.get(m.id) ?? m.id,
      make: () => moduleChapter(ctx, m),
    })),
  ]);

  // Review: the checks the writer will apply, run early so a problem names its lesson.
  await step("review", async () => {
    const report: { slug: string; problems: string[] }[] = [];
    for (const lesson of chapters)
      report.push({ slug: lesson.slug, problems: await lessonProblems(lesson, map) });
    const bad = report.filter((r) => r.problems.length > 0);
    for (const r of bad)
      emit.emit({ kind: "log", level: "warn", message: `${r.slug}: ${r.problems[0]}` });
    return report;
  });

  const taken = new Set(chapters.map((c) => c.slug));
  const uniqueSlug = (base: string) => {
    let slug = base.slice(0, 60).replace(/-+$/, "");
    for (let k = 2; taken.has(slug); k++) slug = `${base.slice(0, 55)}-${k}`;
    taken.add(slug);
    return slug;
  };
  const targets = await traceTargets(ctx, MAX_TRACE_TUTORIALS);
  const exploreSlug = uniqueSlug("run-and-explore");
  const tutorials = await runLessons("tutorials", [
    {
      slug: exploreSlug,
      title: L.exploreTitle(map.name),
      make: () => exploreTutorial(ctx, exploreSlug),
    },
    ...targets.map((t) => {
      const slug = uniqueSlug(
        `trace-${
          t.item.name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-|-$/g, "") || "declaration"
        }`,
      );
      return {
        slug,
        title: L.traceTitle(t.item.name),
        make: () => traceTutorial(ctx, slug, t.file, t.item),
      };
    }),
  ]);

  const draft: CourseDraft = {
    title: map.name,
    summary: L.summary(
      map.name,
      modules.length,
      modules.reduce((n, m) => n + m.files.length, 0),
    ),
    model: null,
    abstractions,
    relationships,
    chapters,
    tutorials,
    usage: { ...ZERO_USAGE },
  };
  return draft;
};
