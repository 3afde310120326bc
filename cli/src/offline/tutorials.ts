/**
 * The offline tutorials, built from the code map: one to install, run and find the entry
 * point, and "trace" tutorials that follow a central declaration from its definition to its
 * callers and its test, with a small change to make and checks to answer.
 */
import type { Citation } from "@fondation/shared";
import type { LessonDraft, MapFile, OutlineItem } from "../types.ts";
import {
  type CourseContext,
  chapterLink,
  entryPoints,
  firstSentence,
  safeMarkdown,
} from "./chapters.ts";
import { rankDeclarations } from "./core.ts";
import { codeBlock, fenceLanguage, readExcerpt } from "./excerpts.ts";
import { bannerLines, readmeProse } from "./prose/index.ts";

const SETUP_SECTION =
  /install|setup|set up|getting started|quick ?start|usage|démarrage|installation|instalación|einrichtung|schnellstart/i;

/** The command that runs the tests, from the build files the repository has. */
export async function testCommand(ctx: CourseContext): Promise<string | null> {
  const has = (p: string) => ctx.map.files.some((f) => f.path === p);
  if (has("package.json")) {
    try {
      const pkg = JSON.parse(await ctx.reader.read("package.json")) as {
        scripts?: Record<string, string>;
        packageManager?: string;
      };
      const runner =
        has("pnpm-workspace.yaml") || pkg.packageManager?.startsWith("pnpm")
          ? "pnpm"
          : pkg.packageManager?.startsWith("yarn")
            ? "yarn"
            : "npm";
      if (pkg.scripts?.test) return `${runner} test`;
    } catch {
      // unreadable package.json: try the others
    }
  }
  if (has("go.mod")) return "go test ./...";
  if (has("Cargo.toml")) return "cargo test";
  if (
    has("pyproject.toml") ||
    has("setup.py") ||
    ctx.map.files.some((f) => /(^|\/)test_[^/]+\.py$/.test(f.path))
  )
    return "python -m pytest";
  if (has("Makefile")) return "make test";
  return null;
}

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
  const tests = await testCommand(ctx);
  out.push(`${n++}. ${tests ? L.stepRunTests(tests) : L.stepNoTestCommand}`, "");
  const entry = entryPoints(ctx)[0];
  if (entry) {
    // The file's top, below a license banner: the reader came for the code.
    const skip = bannerLines(await ctx.reader.lines(entry.path, 1, Math.min(entry.lines, 80)));
    const start = skip < entry.lines ? skip + 1 : 1;
    const end = Math.min(entry.lines, start + 24);
    if (end >= 1) {
      const excerpt = await readExcerpt(ctx.reader, entry, {
        kind: "module",
        name: entry.path,
        exported: true,
        line: start,
        endLine: end,
      });
      if (excerpt) {
        citations.push(excerpt.citation);
        out.push(
          `${n++}. ${L.stepOpenEntry(entry.path)} \`${entry.path}:${start}-${end}\``,
          "",
          indent(codeBlock(excerpt.code, fenceLanguage(entry.language))),
          "",
        );
      }
    }
  }
  const first = ctx.modules[0];
  if (first) {
    const item = rankDeclarations(ctx.core, first.files)[0];
    out.push(
      `${n++}. ${L.stepFollowOrder} ${chapterLink(ctx, first.id, true)}${item ? ` — \`${item.file.path}:${item.item.line}\` (\`${item.item.name}\`)` : ""}`,
      "",
    );
    if (item)
      citations.push({ path: item.file.path, startLine: item.item.line, endLine: item.item.line });
  }
  out.push(`## ${L.checks}`, "");
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
  return { slug, title: L.exploreTitle(map.name), markdown: out.join("\n"), citations };
}

/** The declarations worth tracing: the most central exported function, class or struct of each core module, in teaching order. */
export function traceTargets(
  ctx: CourseContext,
  count: number,
): { file: MapFile; item: OutlineItem }[] {
  const picks: { file: MapFile; item: OutlineItem }[] = [];
  // The modules in teaching order: the core first, the periphery (examples, docs) never.
  for (const m of ctx.modules.filter((x) => !ctx.periphery.has(x.id))) {
    if (picks.length >= count) break;
    const best = rankDeclarations(ctx.core, m.files).find(
      (r) =>
        r.item.exported &&
        ["function", "class", "struct"].includes(r.item.kind) &&
        (r.item.endLine ?? r.item.line) > r.item.line,
    );
    if (best) picks.push(best);
  }
  return picks;
}

export async function traceTutorial(
  ctx: CourseContext,
  slug: string,
  file: MapFile,
  item: OutlineItem,
): Promise<LessonDraft> {
  const { L, map } = ctx;
  const citations: Citation[] = [];
  const out = [`# ${L.traceTitle(item.name)}`, "", `> ${L.offlineNotice}`, ""];
  out.push(
    `## ${L.objectives}`,
    "",
    `- ${L.objectiveDefinition(item.name)}`,
    `- ${L.objectiveCallers(item.name)}`,
    `- ${L.objectiveChange}`,
    "",
  );
  out.push(`## ${L.steps}`, "");
  let n = 1;
  const excerpt = await readExcerpt(ctx.reader, file, item);
  const range = excerpt
    ? `${excerpt.citation.path}:${excerpt.citation.startLine}-${excerpt.citation.endLine}`
    : `${file.path}:${item.line}-${item.line}`;
  if (excerpt) citations.push(excerpt.citation);
  out.push(
    `${n++}. ${L.stepOpenDefinition(item.name, `\`${range}\``)}${item.doc ? ` ${firstSentence(item.doc)}` : ""}`,
    "",
  );
  if (excerpt) out.push(indent(codeBlock(excerpt.code, fenceLanguage(file.language))), "");

  // Callers import the file itself, or a barrel (index.ts, __init__.py) that re-exports it.
  const direct = map.files.filter((f) => f.imports.includes(file.path));
  const barrels = direct
    .filter((f) => /(^|\/)(index\.[a-z]+|__init__\.py|mod\.rs)$/.test(f.path))
    .map((f) => f.path);
  const viaBarrel = map.files.filter(
    (f) => f.path !== file.path && barrels.some((b) => f.imports.includes(b)),
  );
  const callers = [...new Map([...direct, ...viaBarrel].map((f) => [f.path, f])).values()];
  const shortName = item.name.split(".").pop() ?? item.name;
  const searchIn = callers
    .filter((c) => !/(^|\/)(test|tests|__tests__)\/|\.(test|spec)\./.test(c.path))
    .slice(0, 6);
  if (searchIn.length > 0) {
    out.push(
      `${n++}. ${L.stepFindCallers(item.name)}`,
      "",
      indent(codeBlock(`grep -n "${shortName}" ${searchIn.map((c) => c.path).join(" ")}`, "sh")),
      "",
    );
  } else {
    out.push(
      `${n++}. ${L.stepNoCallers(item.name)}`,
      "",
      indent(codeBlock(`grep -rn "${shortName}" --include="*${extension(file.path)}" .`, "sh")),
      "",
    );
  }
  const test = callers.find((c) =>
    /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.|_test\.|(^|\/)test_/.test(c.path),
  );
  const command = await testCommand(ctx);
  if (test) {
    out.push(
      `${n++}. ${L.stepReadTest(test.path)}`,
      "",
      indent(codeBlock(testRun(command, test.path), "sh")),
      "",
    );
  } else {
    out.push(`${n++}. ${L.stepNoTest(file.path)}`, "");
  }
  out.push(`${n++}. ${L.stepChange(item.name, logStatement(file.language, shortName))}`, "");
  out.push(`${n++}. ${L.stepRevert}`, "");

  out.push(
    `## ${L.checks}`,
    "",
    `- [ ] ${L.checkCallers(item.name)}`,
    `- [ ] ${L.checkOutput}`,
    "",
  );
  out.push(details(L, L.quizWhere(item.name), `\`${file.path}:${item.line}\``));
  if (callers.length > 0)
    out.push(
      details(
        L,
        L.quizCallers(item.name),
        callers
          .slice(0, 8)
          .map((c) => `\`${c.path}\``)
          .join(", "),
      ),
    );
  const owner = ctx.modules.find((m) => m.files.includes(file));
  if (owner) out.push("", `→ ${chapterLink(ctx, owner.id, true)}`);
  return { slug, title: L.traceTitle(item.name), markdown: out.join("\n"), citations };
}

function testRun(command: string | null, path: string): string {
  if (!command) return path;
  if (command.startsWith("go "))
    return `go test ./${path.slice(0, path.lastIndexOf("/") + 1) || "."}`;
  if (command.includes("pytest")) return `python -m pytest ${path}`;
  if (/^(pnpm|npm|yarn) test$/.test(command)) return `${command} -- ${path}`;
  return command;
}

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
