/**
 * The offline tutorials, built from the code map: one to install, run and find the entry
 * point, and "trace" tutorials that follow a central declaration from its definition to its
 * callers and the smallest test that calls it, run alone, with a small change to watch and
 * checks to answer. Every step applies to the copy at hand: no test command without tests,
 * no change to watch without a test that reaches it.
 */
import type { Citation } from "@fondation/shared";
import type { LessonDraft, MapFile, OutlineItem } from "../types.ts";
import { mainCallChain } from "./callChains.ts";
import { callersOf } from "./callers.ts";
import {
  type CourseContext,
  chapterLink,
  entryPoints,
  firstSentence,
  safeMarkdown,
} from "./chapters.ts";
import { rankDeclarations, shortName } from "./core.ts";
import { codeBlock, fenceLanguage, readExcerpt, wholeCitation } from "./excerpts.ts";
import { bannerLines, readmeProse } from "./prose/index.ts";
import { teachLabels } from "./teachLabels.ts";
import { exampleCommand, oneTestCommand, testSetup } from "./testCommands.ts";
import { usageExample } from "./usage.ts";

const SETUP_SECTION =
  /install|setup|set up|getting started|quick ?start|usage|démarrage|installation|instalación|einrichtung|schnellstart/i;

function logStatement(language: string | null, name: string): string {
  switch (language) {
    case "python":
      return `print("reached ${name}")`;
    case "go":
      return `println("reached ${name}")`;
    case "rust":
      return `eprintln!("reached ${name}");`;
    case "ruby":
      return `puts "reached ${name}"`;
    default:
      return `console.log("reached ${name}");`;
  }
}

function details(L: CourseContext["L"], question: string, answer: string): string {
  return `- ${question}\n\n  <details><summary>${L.answer}</summary>\n\n  ${answer}\n\n  </details>\n`;
}

export async function exploreTutorial(ctx: CourseContext, slug: string): Promise<LessonDraft> {
  const { L, map } = ctx;
  const citations: Citation[] = [];
  const out = [`# ${L.exploreTitle(map.name)}`, "", `> ${L.offlineNotice}`, ""];
  out.push(
    `## ${L.objectives}`,
    "",
    `- ${L.objectiveRun}`,
    `- ${L.objectiveEntry}`,
    `- ${L.objectiveMap}`,
    "",
  );
  out.push(`## ${L.steps}`, "");
  let n = 1;
  const setup = map.readme?.sections.find((s) => s.title && SETUP_SECTION.test(s.title));
  if (setup) {
    out.push(
      `${n++}. ${L.stepReadSetup(setup.title)}`,
      "",
      indent(safeMarkdown(readmeProse(setup.text), 1200)),
      "",
    );
  }
  const T = teachLabels(L);
  const tests = (await testSetup(map, ctx.reader)).suite;
  const example = tests ? null : await exampleCommand(map, ctx.reader);
  out.push(
    `${n++}. ${tests ? L.stepRunTests(tests) : example ? T.stepRunExample(example) : T.stepNothingToRun}`,
    "",
  );
  const entry = entryPoints(ctx)[0];
  const excerpt = entry ? await entryExcerpt(ctx, entry) : null;
  if (entry && excerpt) {
    const { startLine, endLine } = excerpt.citation;
    citations.push(excerpt.citation);
    out.push(
      `${n++}. ${L.stepOpenEntry(entry.path)} \`${entry.path}:${startLine}-${endLine}\``,
      "",
      indent(codeBlock(excerpt.code, fenceLanguage(entry.language))),
      "",
    );
  }
  const first = ctx.modules[0];
  if (first) {
    const item = rankDeclarations(ctx.core, first.files)[0];
    const cite = item ? wholeCitation(item.file, item.item) : null;
    out.push(
      `${n++}. ${L.stepFollowOrder} ${chapterLink(ctx, first.id, true)}${item && cite ? ` — \`${rangeOf(cite)}\` (\`${item.item.name}\`)` : ""}`,
      "",
    );
    if (cite) citations.push(cite);
  }

  out.push(...exploreChecks(ctx, tests !== null, entry));
  return { slug, title: L.exploreTitle(map.name), markdown: out.join("\n"), citations };
}

/** The explore tutorial's checks: the tests pass (when there are tests), two questions. */
function exploreChecks(ctx: CourseContext, tests: boolean, entry: MapFile | undefined): string[] {
  const { L } = ctx;
  const out = [`## ${L.checks}`, ""];
  if (tests) out.push(`- [ ] ${L.checkTestsPass}`, "");
  const foundation = [...ctx.modules].sort((a, b) => b.usedBy.length - a.usedBy.length)[0];
  if (foundation && foundation.usedBy.length > 0) {
    out.push(
      details(
        L,
        L.quizFoundation,
        `${ctx.names.get(foundation.id)} (\`${foundation.dir || "/"}\`): ${foundation.usedBy.length}.`,
      ),
    );
  }
  if (entry) out.push(details(L, L.quizEntry, `\`${entry.path}\``));
  return out;
}

type Target = { file: MapFile; item: OutlineItem };

/**
 * The declarations worth tracing, in teaching order: the central abstraction of the first
 * core module, then where the main path starts (`Execute`, `__call__`) when a test calls it,
 * then one per following core module. In a module, of its three most central exported
 * functions, classes or structs, the first that a test calls (a tutorial runs that test).
 */
export async function traceTargets(ctx: CourseContext, count: number): Promise<Target[]> {
  const tested = async (t: Target) => (await usageExample(ctx.map, ctx.reader, t.item)) !== null;
  const picks: Target[] = [];
  // The modules in teaching order: the core first, the periphery (examples, docs) never.
  for (const m of ctx.modules.filter((x) => !ctx.periphery.has(x.id))) {
    if (picks.length >= count) break;
    const options = rankDeclarations(ctx.core, m.files)
      .filter(
        (r) =>
          r.item.exported &&
          ["function", "class", "struct"].includes(r.item.kind) &&
          (r.item.endLine ?? r.item.line) > r.item.line &&
          !picks.some((p) => p.item === r.item),
      )
      .slice(0, 3);
    let best = options[0];
    for (const o of options)
      if (await tested(o)) {
        best = o;
        break;
      }
    if (best) picks.push(best);
    const root =
      picks.length === 1 ? (await mainCallChain(ctx.core, ctx.reader))[0]?.from : undefined;
    if (root && root.item !== best?.item && (await tested(root))) picks.push(root);
  }
  return picks.slice(0, count);
}

export async function traceTutorial(
  ctx: CourseContext,
  slug: string,
  file: MapFile,
  item: OutlineItem,
): Promise<LessonDraft> {
  const { L } = ctx;
  const citations: Citation[] = [];
  const out = [`# ${L.traceTitle(item.name)}`, "", `> ${L.offlineNotice}`, ""];
  // The change to watch needs a body to print from and a test that reaches it (testSteps).
  const watchable =
    (item.kind === "function" || item.kind === "method") &&
    (await usageExample(ctx.map, ctx.reader, item)) !== null;
  out.push(
    `## ${L.objectives}`,
    "",
    `- ${L.objectiveDefinition(item.name)}`,
    `- ${L.objectiveCallers(item.name)}`,
    ...(watchable ? [`- ${L.objectiveChange}`] : []),
    "",
  );
  out.push(`## ${L.steps}`, "");
  let n = 1;
  // The citation covers the whole declaration; a long one is quoted as an outline (excerpts.ts).
  const excerpt = await readExcerpt(ctx.reader, file, item);
  const whole = wholeCitation(file, item);
  citations.push(whole);
  out.push(
    `${n++}. ${L.stepOpenDefinition(item.name, `\`${rangeOf(whole)}\``)}${item.doc ? ` ${firstSentence(item.doc)}` : ""}`,
    "",
  );
  if (excerpt) out.push(indent(codeBlock(excerpt.code, fenceLanguage(file.language))), "");

  const callers = await callerStep(ctx, out, n++, file, item);
  const watched = await testSteps(ctx, out, citations, n, file, item);

  out.push(`## ${L.checks}`, "");
  if (callers.length > 0) out.push(`- [ ] ${L.checkCallers(item.name)}`);
  if (watched.test) out.push(`- [ ] ${teachLabels(L).checkTestRan(watched.test)}`);
  if (watched.changed) out.push(`- [ ] ${L.checkOutput}`);
  out.push("", details(L, L.quizWhere(item.name), `\`${rangeOf(whole)}\``));
  if (callers.length > 0)
    out.push(
      details(
        L,
        teachLabels(L).quizCallersOf(item.name),
        callers.map((c) => `\`${c.item.name}\` (\`${c.file.path}:${c.line}\`)`).join(", "),
      ),
    );
  const owner = ctx.modules.find((m) => m.files.includes(file));
  if (owner) out.push("", `→ ${chapterLink(ctx, owner.id, true)}`);
  return { slug, title: L.traceTitle(item.name), markdown: out.join("\n"), citations };
}

/** Who calls the declaration, found in the code; a search to run when nothing is found. */
async function callerStep(
  ctx: CourseContext,
  out: string[],
  n: number,
  file: MapFile,
  item: OutlineItem,
) {
  const { L } = ctx;
  const callers = await callersOf(ctx.map, ctx.reader, ctx.core, file, item);
  if (callers.length > 0) {
    const T = teachLabels(L);
    const type = ["class", "struct"].includes(item.kind);
    out.push(`${n}. ${(type ? T.stepBuildersFound : T.stepCallersFound)(item.name)}`, "");
    for (const c of callers) out.push(`   - \`${c.item.name}\` — \`${c.file.path}:${c.line}\``);
    out.push("");
  } else {
    out.push(
      `${n}. ${teachLabels(L).stepNoCallersFound(item.name)}`,
      "",
      indent(
        codeBlock(
          `grep -rn "${shortName(item.name)}" --include="*${extension(file.path)}" .`,
          "sh",
        ),
      ),
      "",
    );
  }
  return callers;
}

/**
 * The smallest test that calls the declaration, quoted, and the command that runs it alone;
 * then, for a function or method, a line to add and watch in that test's output.
 */
async function testSteps(
  ctx: CourseContext,
  out: string[],
  citations: Citation[],
  first: number,
  file: MapFile,
  item: OutlineItem,
): Promise<{ test?: string; changed: boolean }> {
  const { L, map } = ctx;
  const T = teachLabels(L);
  let n = first;
  const usage = await usageExample(map, ctx.reader, item);
  const setup = await testSetup(map, ctx.reader);
  const command = usage ? oneTestCommand(setup, usage) : null;
  if (!usage || !command) {
    out.push(`${n}. ${T.stepNoMatchingTest(item.name)}`, "");
    return { changed: false };
  }
  const cite = `${usage.path}:${usage.startLine}-${usage.endLine}`;
  citations.push({ path: usage.path, startLine: usage.startLine, endLine: usage.endLine });
  const testFile = map.files.find((f) => f.path === usage.path);
  out.push(
    `${n++}. ${T.stepReadMatchingTest(item.name, usage.name, cite)}`,
    "",
    indent(codeBlock(usage.code, fenceLanguage(testFile?.language ?? null))),
    "",
    indent(codeBlock(command, "sh")),
    "",
  );
  // A line added to a type's declaration runs nowhere: only a body can print.
  if (item.kind !== "function" && item.kind !== "method")
    return { test: usage.name, changed: false };
  const name = shortName(item.name);
  out.push(`${n++}. ${T.stepChangeRun(item.name, logStatement(file.language, name))}`, "");
  out.push(`${n++}. ${map.commit ? T.revertGit : T.revertEditor}`, "");
  return { test: usage.name, changed: true };
}

/**
 * The top of the entry file to read, after its license banner (a leading comment block that
 * names a license or copyright says nothing about where execution starts).
 */
async function entryExcerpt(ctx: CourseContext, entry: MapFile) {
  const head = await ctx.reader.lines(entry.path, 1, Math.min(entry.lines, 80)).catch(() => []);
  const skip = bannerLines(head);
  const start = skip < head.length ? skip : 0;
  const end = Math.min(entry.lines, start + 25);
  if (end < start + 1) return null;
  return readExcerpt(ctx.reader, entry, {
    kind: "module",
    name: entry.path,
    exported: true,
    line: start + 1,
    endLine: end,
  });
}

const rangeOf = (c: Citation) => `${c.path}:${c.startLine}-${c.endLine}`;

function extension(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") ? path.slice(dot) : "";
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? "" : `   ${l}`))
    .join("\n");
}
