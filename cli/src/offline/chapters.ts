/**
 * The offline chapters: an overview (what the repository is, how to start from the README,
 * the core: its central declarations cited and a graph of its central files, the module
 * diagram, the reading order) and one chapter per module (role, place in the graph, files,
 * key declarations most central first, cited excerpts, internal diagram, recap). Every
 * diagram goes through `cappedGraph`: at most 25 nodes, the cut said, none without an edge.
 */
import type { Citation } from "@fondation/shared";
import { lessonFile } from "../output/write.ts";
import type { CodeMap, LessonDraft, MapFile, SourceReader } from "../types.ts";
import { mainPathSection } from "./callChains.ts";
import {
  type Core,
  isPeripheryPath,
  type RankedDeclaration,
  rankDeclarations,
  shortName,
  startingFiles,
} from "./core.ts";
import { cappedGraph, type Edge, flowchart, mermaidBlock, type Node } from "./diagrams.ts";
import { codeBlock, fenceLanguage, pickExcerpts, wholeCitation } from "./excerpts.ts";
import type { Labels } from "./i18n.ts";
import { mainPath, startPath, TYPE_KINDS } from "./main-path.ts";
import type { Module } from "./modules.ts";
import { cutMarkdown, docLine, docProse, readmeProse } from "./prose/index.ts";
import { usageSection } from "./usage.ts";

export interface CourseContext {
  map: CodeMap;
  reader: SourceReader;
  L: Labels;
  /** Modules in teaching order. */
  modules: Module[];
  names: Map<string, string>;
  roles: Map<string, string>;
  /** Slug of the overview chapter; module chapters use the module id. */
  overviewSlug: string;
  /** Central files and the ranking of declarations. */
  core: Core;
  /** Ids of the modules that are periphery (examples, docs, scripts...): taught last. */
  periphery: Set<string>;
}

const OVERVIEW_DECLARATIONS = 10;
const PER_FILE = 4;
/** The overview's graph of the core stays small: the most connected central files. */
const CORE_GRAPH_NODES = 15;

/** A capped diagram and the note of what was cut, or nothing when it would say nothing. */
function diagram(
  L: Labels,
  nodes: Node[],
  edges: Edge[],
  direction: "LR" | "TD" = "LR",
  cap?: number,
): string[] {
  const g = cappedGraph(nodes, edges, cap);
  if (!g) return [];
  const out = [mermaidBlock(flowchart(g.nodes, g.edges, direction)), ""];
  if (g.hidden > 0) out.push(`_${L.moreNotShown(g.hidden)}_`, "");
  return out;
}

/** The most central declarations of the whole core, a few per file. */
export function coreDeclarations(ctx: CourseContext, count: number): RankedDeclaration[] {
  const files = startingFiles(ctx.core.files, ctx.core.readmeImports);
  const perFile = new Map<string, number>();
  const picked: RankedDeclaration[] = [];
  const ranked = rankDeclarations(ctx.core, files);
  for (const r of ranked) {
    if (picked.length >= count) break;
    if (!r.item.exported && files.length > 3) continue;
    const n = perFile.get(r.file.path) ?? 0;
    if (n >= PER_FILE) continue;
    perFile.set(r.file.path, n + 1);
    picked.push(r);
  }
  return [...withMainPaths(ctx.core, picked), ...readmeMadeTypes(ctx.core, ranked, picked)];
}

/** The README's objects a list by centrality missed (a factory's product is rarely imported). */
const README_MADE_TYPES = 2;

/** The best-ranked declaration of each type the README's calls construct, not yet listed. */
function readmeMadeTypes(
  core: Core,
  ranked: RankedDeclaration[],
  listed: RankedDeclaration[],
): RankedDeclaration[] {
  const names = new Set(listed.map((r) => shortName(r.item.name)));
  const out: RankedDeclaration[] = [];
  for (const name of core.readmeMade) {
    if (out.length >= README_MADE_TYPES || names.has(name)) continue;
    const made = ranked.filter((r) => r.item.exported && shortName(r.item.name) === name);
    const best = made.find((r) => TYPE_KINDS.has(r.item.kind)) ?? made[0];
    if (best) out.push(best);
  }
  return out;
}

/** Main-path methods per central type (`Command.ExecuteC`), for the first few types. */
const MAIN_PATH_TYPES = 2;
const MAIN_PATH_METHODS = 2;
/** A user's first object leads to a few factories (router, procedure, caller). */
const START_PATH_FUNCTIONS = 3;

/** The picked declarations, each of the first central types followed by its main path. */
function withMainPaths(core: Core, picked: RankedDeclaration[]): RankedDeclaration[] {
  const key = (r: RankedDeclaration) => `${r.file.path}:${r.item.line}`;
  const seen = new Set(picked.map(key));
  const out: RankedDeclaration[] = [];
  let types = 0;
  for (const r of picked) {
    out.push(r);
    const start = core.readmeImports.has(shortName(r.item.name));
    if ((!TYPE_KINDS.has(r.item.kind) && !start) || types >= MAIN_PATH_TYPES) continue;
    const path = TYPE_KINDS.has(r.item.kind)
      ? mainPath(core, r, MAIN_PATH_METHODS)
      : startPath(core, r, START_PATH_FUNCTIONS);
    // A type with no main path (a plain record) leaves its place to the next one.
    if (path.length > 0) types++;
    for (const m of path)
      if (!seen.has(key(m))) {
        seen.add(key(m));
        out.push(m);
      }
  }
  return out;
}

const SETUP_SECTION =
  /install|setup|set up|getting started|quick ?start|usage|development|build|run|démarrage|installation|instalación|inicio|einrichtung|schnellstart/i;

export function chapterLink(ctx: CourseContext, moduleId: string, fromTutorial = false): string {
  const index = ctx.modules.findIndex((m) => m.id === moduleId);
  const name = ctx.names.get(moduleId) ?? moduleId;
  if (index === -1) return name;
  const file = lessonFile("chapter", index + 2, moduleId);
  return `[${name}](${fromTutorial ? "../" : "../"}${file})`;
}

export function moduleRole(m: Module, map: CodeMap): string {
  const inDir = (f: MapFile) =>
    m.dir === ""
      ? !f.path.includes("/")
      : f.path.startsWith(`${m.dir}/`) && !f.path.slice(m.dir.length + 1).includes("/");
  const readme = map.files.find(
    (f) => inDir(f) && /^readme\.md$/i.test(f.path.split("/").pop() ?? "") && f.doc,
  );
  // Each candidate as clean prose: one that is only markup or a banner gives way to the next.
  const role = (f: MapFile | undefined) => (f?.doc ? docLine(f.doc) : "");
  const entry = m.files.filter((f) =>
    /(^|\/)(index|main|mod|lib|__init__|doc|app)\.[a-z]+$/.test(f.path),
  );
  const documented = m.files
    .filter((f) => f.doc)
    .sort((a, b) => b.outline.length - a.outline.length);
  for (const f of [readme, ...entry, ...documented]) if (role(f)) return role(f);
  return "";
}

export async function overviewChapter(ctx: CourseContext): Promise<LessonDraft> {
  const { map, L } = ctx;
  const citations: Citation[] = [];
  const out: string[] = [`# ${L.overviewTitle(map.name)}`, "", `> ${L.offlineNotice}`, ""];
  const readme = map.readme?.sections ?? [];
  const intro = readme.map((s) => stripFences(readmeProse(s.text))).find((t) => t.trim() !== "");
  out.push(`## ${L.whatItIs}`, "");
  if (intro) out.push(safeMarkdown(intro, 1200), "");
  const codeFiles = ctx.modules.reduce((n, m) => n + m.files.length, 0);
  out.push(L.summary(map.name, ctx.modules.length, codeFiles), "");

  // How to run it comes right after what it is: the README's own quick start.
  const setup = readme.filter((s) => s.title && SETUP_SECTION.test(s.title)).slice(0, 2);
  if (setup.length > 0) {
    out.push(`## ${L.gettingStarted}`, "");
    for (const s of setup)
      out.push(`### ${s.title}`, "", safeMarkdown(readmeProse(s.text), 1500), "");
  }

  const central = coreDeclarations(ctx, OVERVIEW_DECLARATIONS);
  if (central.length > 0) {
    out.push(`## ${L.coreTitle}`, "", L.coreIntro, "");
    for (const { file, item } of central) {
      const cite = wholeCitation(file, item);
      citations.push(cite);
      out.push(
        `- **\`${item.name}\`** (${L.kinds[item.kind]}) \`${cite.path}:${cite.startLine}-${cite.endLine}\`${about(item.doc)}`,
      );
    }
    out.push("");
    const coreFiles = ctx.core.files.filter((f) => !isPeripheryPath(f.path)).slice(0, 60);
    const inCore = new Set(coreFiles.map((f) => f.path));
    const graph = diagram(
      L,
      coreFiles.map((f) => ({ id: f.path, label: f.path })),
      coreFiles.flatMap((f) =>
        [...(ctx.core.deps.get(f.path) ?? [])]
          .filter((t) => inCore.has(t))
          .map((t) => ({ from: f.path, to: t })),
      ),
      "TD",
      CORE_GRAPH_NODES,
    );
    if (graph.length > 0) out.push(L.coreGraphIntro, "", ...graph);
  }

  out.push(...(await mainPathSection(ctx, citations)));
  const moduleGraph = diagram(
    L,
    ctx.modules.map((m) => ({ id: m.id, label: `${ctx.names.get(m.id)} · ${m.dir || "/"}` })),
    ctx.modules.flatMap((m) => m.dependsOn.map((d) => ({ from: m.id, to: d }))),
    "TD",
  );
  if (moduleGraph.length > 0)
    out.push(`## ${L.architecture}`, "", L.architectureIntro, "", ...moduleGraph);

  out.push(`## ${L.readingOrder}`, "");
  ctx.modules.forEach((m, i) => {
    const role = ctx.roles.get(m.id);
    out.push(`${i + 1}. ${chapterLink(ctx, m.id)} (\`${m.dir || "/"}\`)${about(role)}`);
  });
  out.push("");

  out.push(`## ${L.languages}`, "", `| ${L.language} | ${L.files} |`, "|---|---|");
  for (const [lang, count] of Object.entries(map.languages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)) {
    out.push(`| ${lang === "other" ? L.otherLanguage : lang} | ${count} |`);
  }
  out.push("");

  const entries = entryPoints(ctx).slice(0, 5);
  if (entries.length > 0) {
    out.push(`## ${L.entryPoints}`, "");
    for (const f of entries) out.push(`- \`${f.path}\`${about(f.doc)}`);
    out.push("");
  }
  return {
    slug: ctx.overviewSlug,
    title: L.overviewTitle(map.name),
    markdown: out.join("\n"),
    citations,
  };
}

export async function moduleChapter(ctx: CourseContext, m: Module): Promise<LessonDraft> {
  const name = ctx.names.get(m.id) ?? m.id;
  const citations: Citation[] = [];
  const out: string[] = [`# ${name}`, "", `> ${ctx.L.offlineNotice}`, ""];
  if (ctx.periphery.has(m.id)) out.push(`_${ctx.L.appendixNote}_`, "");
  const ranked = rankDeclarations(ctx.core, m.files);
  const role = ctx.roles.get(m.id);
  const keyItems = ranked.filter((r) => r.item.exported || m.files.length <= 3).slice(0, 10);
  out.push(
    ...roleSection(ctx, m, ranked, role),
    ...placeSection(ctx, m, name),
    ...filesSection(ctx.L, m),
    ...keyDeclarationsSection(ctx.L, keyItems, citations),
    ...(await excerptsSection(ctx, ranked, citations)),
    ...(await usageSection(ctx, keyItems, citations)),
  );
  const inner = internalGraph(ctx, m);
  if (inner.length > 0) out.push(`## ${ctx.L.insideModule}`, "", ...inner);
  out.push(...recapSection(ctx, m, role, keyItems));
  return { slug: m.id, title: name, abstraction: m.id, markdown: out.join("\n"), citations };
}

/** What the module is for, its size, and the names it exports. */
function roleSection(
  ctx: CourseContext,
  m: Module,
  ranked: RankedDeclaration[],
  role: string | undefined,
): string[] {
  const { L } = ctx;
  const lines = m.files.reduce((n, f) => n + f.lines, 0);
  const exported = ranked
    .filter((r) => r.item.exported && r.item.kind !== "method")
    .map((r) => r.item);
  const out = [`## ${L.role}`, ""];
  if (role) out.push(role, "");
  out.push(`\`${m.dir || "/"}\`: ${L.moduleStats(m.files.length, lines, exported.length)}`);
  if (exported.length > 0)
    out.push(
      L.declaresNames(
        exported
          .slice(0, 8)
          .map((o) => `\`${o.name}\``)
          .join(", "),
      ),
    );
  out.push("");
  return out;
}

/** The module among its neighbours: a diagram and links to their chapters. */
function placeSection(ctx: CourseContext, m: Module, name: string): string[] {
  const { L } = ctx;
  const neighbours = [...new Set([...m.dependsOn, ...m.usedBy])];
  const nodes = [
    { id: m.id, label: name, focus: true },
    ...neighbours.map((id) => ({ id, label: ctx.names.get(id) ?? id })),
  ];
  const edges = [
    ...m.dependsOn.map((d) => ({ from: m.id, to: d, label: L.imports })),
    ...m.usedBy.map((u) => ({ from: u, to: m.id, label: L.imports })),
  ];
  return [
    `## ${L.whereItFits}`,
    "",
    ...diagram(L, nodes, edges),
    `- **${L.dependsOn}:** ${m.dependsOn.map((d) => chapterLink(ctx, d)).join(", ") || L.nothing}`,
    `- **${L.usedBy}:** ${m.usedBy.map((d) => chapterLink(ctx, d)).join(", ") || L.nothing}`,
    "",
  ];
}

/** The module's files with their size and purpose (at most 25). */
function filesSection(L: Labels, m: Module): string[] {
  const out = [`## ${L.files}`, "", `| ${L.file} | ${L.lines} | ${L.purpose} |`, "|---|---|---|"];
  for (const f of m.files.slice(0, 25)) {
    out.push(
      `| \`${f.path}\` | ${f.lines} | ${escapeCell(
        (f.doc && firstSentence(f.doc)) ||
          f.outline
            .filter((o) => o.exported)
            .slice(0, 4)
            .map((o) => o.name)
            .join(", "),
      )} |`,
    );
  }
  if (m.files.length > 25) out.push(`| … | | +${m.files.length - 25} |`);
  out.push("");
  return out;
}

/** The key declarations, most central first, each cited whole. */
function keyDeclarationsSection(
  L: Labels,
  keyItems: RankedDeclaration[],
  citations: Citation[],
): string[] {
  if (keyItems.length === 0) return [];
  const out = [`## ${L.keyDeclarations}`, ""];
  for (const { file, item } of keyItems) {
    const cite = wholeCitation(file, item);
    citations.push(cite);
    out.push(
      `- **\`${item.name}\`** (${L.kinds[item.kind]}) \`${cite.path}:${cite.startLine}-${cite.endLine}\`${about(item.doc, true)}`,
    );
  }
  out.push("");
  return out;
}

/** A few declarations quoted, with their doc as prose. */
async function excerptsSection(
  ctx: CourseContext,
  ranked: RankedDeclaration[],
  citations: Citation[],
): Promise<string[]> {
  const excerpts = await pickExcerpts(ctx.reader, ranked, 3);
  if (excerpts.length === 0) return [];
  const out = [`## ${ctx.L.keyExcerpts}`, ""];
  for (const e of excerpts) {
    citations.push(e.citation);
    const range = `${e.citation.path}:${e.citation.startLine}-${e.citation.endLine}`;
    out.push(`### \`${e.item.name}\``, "");
    const doc = e.item.doc ? docProse(e.item.doc, fenceLanguage(e.file.language)) : "";
    if (doc) out.push(doc, "");
    out.push(`\`${range}\``, "", codeBlock(e.code, fenceLanguage(e.file.language)), "");
  }
  return out;
}

/** What to remember: the role, the neighbours, the key names. */
function recapSection(
  ctx: CourseContext,
  m: Module,
  role: string | undefined,
  keyItems: RankedDeclaration[],
): string[] {
  const { L } = ctx;
  const out = [`## ${L.recap}`, ""];
  if (role) out.push(`- ${firstSentence(role)}`);
  out.push(
    m.dependsOn.length > 0
      ? `- ${L.recapDepends(m.dependsOn.map((d) => ctx.names.get(d) ?? d).join(", "))}`
      : `- ${L.recapFoundation}`,
  );
  if (m.usedBy.length > 0)
    out.push(`- ${L.recapUsedBy(m.usedBy.map((d) => ctx.names.get(d) ?? d).join(", "))}`);
  if (keyItems.length > 0)
    out.push(
      `- ${L.recapKey(
        keyItems
          .slice(0, 5)
          .map((k) => `\`${k.item.name}\``)
          .join(", "),
      )}`,
    );
  out.push("");
  return out;
}

/** File-level dependency graph inside one module (Go packages and Python modules resolved). */
function internalGraph(ctx: CourseContext, m: Module): string[] {
  const paths = new Set(m.files.map((f) => f.path));
  const base = m.dir === "" ? "" : `${m.dir}/`;
  const edges = m.files.flatMap((f) =>
    [...(ctx.core.deps.get(f.path) ?? new Set(f.imports))]
      .filter((i) => paths.has(i) && i !== f.path)
      .map((i) => ({ from: f.path, to: i })),
  );
  const nodes = m.files.map((f) => ({ id: f.path, label: f.path.slice(base.length) }));
  return diagram(ctx.L, nodes, edges);
}

/** Where to start reading: the files the package exposes, then conventional entry names. */
export function entryPoints(ctx: CourseContext): MapFile[] {
  const exposed = ctx.core.files.filter((f) => ctx.core.entry.has(f.path));
  const conventional = ctx.map.files
    .filter(
      (f) =>
        /(^|\/)(main|index|app|cli|server|__main__|manage)\.[a-z]+$/.test(f.path) &&
        f.language !== "markdown" &&
        f.language !== "json",
    )
    .filter((f) => !isPeripheryPath(f.path))
    .sort(
      (a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path),
    );
  return [...new Set([...exposed, ...conventional])];
}

/** The first sentence of a doc, as clean prose (markup, banners and bare URLs gone). */
export function firstSentence(raw: string): string {
  const text = docLine(raw);
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  const sentence = m ? (m[1] as string) : text;
  if (sentence.length <= 200) return sentence;
  return `${sentence.slice(0, sentence.lastIndexOf(" ", 200))}…`;
}

/** " — " and the doc's first sentence (or whole paragraph), or nothing when no prose is left. */
function about(doc: string | undefined, whole = false): string {
  const text = doc ? (whole ? docLine(doc) : firstSentence(doc)) : "";
  return text ? ` — ${text}` : "";
}

/** Cut markdown to a length without leaving a code fence open or a sentence unfinished. */
export function safeMarkdown(text: string, max: number): string {
  return cutMarkdown(text, max);
}

function stripFences(text: string): string {
  return text.replace(/```[\s\S]*?```/g, "").replace(/\n{3,}/g, "\n\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
