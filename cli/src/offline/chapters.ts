/**
 * The offline chapters: an overview (what the repository is, its languages, the module
 * architecture diagram, the reading order, how to start) and one chapter per module (role,
 * place in the graph, files, key declarations, cited excerpts, internal diagram, recap).
 */
import type { Citation } from "@fondation/shared";
import { lessonFile } from "../output/write.ts";
import type { CodeMap, LessonDraft, MapFile, SourceReader } from "../types.ts";
import { flowchart, mermaidBlock } from "./diagrams.ts";
import { codeBlock, fenceLanguage, pickExcerpts, rankDeclarations } from "./excerpts.ts";
import type { Labels } from "./i18n.ts";
import type { Module } from "./modules.ts";

export interface CourseContext {
  map: CodeMap;
  reader: SourceReader;
  L: Labels;
  /** Modules in teaching order. */
  modules: Module[];
  names: Map<string, string>;
  roles: Map<string, string>;
  /** For each file, how many files of other modules import it. */
  importers: Map<string, number>;
  /** Slug of the overview chapter; module chapters use the module id. */
  overviewSlug: string;
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
  if (readme?.doc) return readme.doc;
  const entry = m.files.find(
    (f) => /(^|\/)(index|main|mod|lib|__init__|doc|app)\.[a-z]+$/.test(f.path) && f.doc,
  );
  if (entry?.doc) return entry.doc;
  const documented = m.files
    .filter((f) => f.doc)
    .sort((a, b) => b.outline.length - a.outline.length);
  if (documented[0]?.doc) return documented[0].doc;
  return "";
}

export function overviewChapter(ctx: CourseContext): LessonDraft {
  const { map, L } = ctx;
  const out: string[] = [`# ${L.overviewTitle(map.name)}`, "", `> ${L.offlineNotice}`, ""];
  const readme = map.readme?.sections ?? [];
  const intro = readme.find((s) => s.text.trim() !== "");
  out.push(`## ${L.whatItIs}`, "");
  if (intro) out.push(stripFences(intro.text).slice(0, 1200).trim(), "");
  const codeFiles = ctx.modules.reduce((n, m) => n + m.files.length, 0);
  out.push(L.summary(map.name, ctx.modules.length, codeFiles), "");

  out.push(`## ${L.languages}`, "", `| ${L.language} | ${L.files} |`, "|---|---|");
  for (const [lang, count] of Object.entries(map.languages)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)) {
    out.push(`| ${lang} | ${count} |`);
  }
  out.push("");

  out.push(`## ${L.architecture}`, "", L.architectureIntro, "");
  const nodes = ctx.modules.map((m) => ({
    id: m.id,
    label: `${ctx.names.get(m.id)} · ${m.dir || "/"}`,
  }));
  const edges = ctx.modules.flatMap((m) => m.dependsOn.map((d) => ({ from: m.id, to: d })));
  out.push(mermaidBlock(flowchart(nodes, edges, "TD")), "");

  out.push(`## ${L.readingOrder}`, "");
  ctx.modules.forEach((m, i) => {
    const role = ctx.roles.get(m.id);
    out.push(
      `${i + 1}. ${chapterLink(ctx, m.id)} (\`${m.dir || "/"}\`)${role ? ` — ${firstSentence(role)}` : ""}`,
    );
  });
  out.push("");

  const setup = readme.filter((s) => s.title && SETUP_SECTION.test(s.title)).slice(0, 2);
  if (setup.length > 0) {
    out.push(`## ${L.gettingStarted}`, "");
    for (const s of setup) out.push(`### ${s.title}`, "", safeMarkdown(s.text, 1500), "");
  }
  const entries = entryPoints(map).slice(0, 5);
  if (entries.length > 0) {
    out.push(`## ${L.entryPoints}`, "");
    for (const f of entries)
      out.push(`- \`${f.path}\`${f.doc ? ` — ${firstSentence(f.doc)}` : ""}`);
    out.push("");
  }
  return {
    slug: ctx.overviewSlug,
    title: L.overviewTitle(map.name),
    markdown: out.join("\n"),
    citations: [],
  };
}

export async function moduleChapter(ctx: CourseContext, m: Module): Promise<LessonDraft> {
  const { L } = ctx;
  const name = ctx.names.get(m.id) ?? m.id;
  const citations: Citation[] = [];
  const out: string[] = [`# ${name}`, "", `> ${L.offlineNotice}`, ""];
  const lines = m.files.reduce((n, f) => n + f.lines, 0);
  const exported = m.files.flatMap((f) =>
    f.outline.filter((o) => o.exported && o.kind !== "method"),
  );

  out.push(`## ${L.role}`, "");
  const role = ctx.roles.get(m.id);
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

  out.push(`## ${L.whereItFits}`, "");
  const neighbours = [...new Set([...m.dependsOn, ...m.usedBy])];
  const nodes = [
    { id: m.id, label: name, focus: true },
    ...neighbours.map((id) => ({ id, label: ctx.names.get(id) ?? id })),
  ];
  const edges = [
    ...m.dependsOn.map((d) => ({ from: m.id, to: d, label: L.imports })),
    ...m.usedBy.map((u) => ({ from: u, to: m.id, label: L.imports })),
  ];
  out.push(mermaidBlock(flowchart(nodes, edges)), "");
  out.push(
    `- **${L.dependsOn}:** ${m.dependsOn.map((d) => chapterLink(ctx, d)).join(", ") || L.nothing}`,
  );
  out.push(
    `- **${L.usedBy}:** ${m.usedBy.map((d) => chapterLink(ctx, d)).join(", ") || L.nothing}`,
    "",
  );

  out.push(`## ${L.files}`, "", `| ${L.file} | ${L.lines} | ${L.purpose} |`, "|---|---|---|");
  for (const f of m.files.slice(0, 25)) {
    out.push(
      `| \`${f.path}\` | ${f.lines} | ${escapeCell(
        f.doc
          ? firstSentence(f.doc)
          : f.outline
              .filter((o) => o.exported)
              .slice(0, 4)
              .map((o) => o.name)
              .join(", "),
      )} |`,
    );
  }
  if (m.files.length > 25) out.push(`| … | | +${m.files.length - 25} |`);
  out.push("");

  const ranked = rankDeclarations(m.files, ctx.importers);
  const keyItems = ranked.filter((r) => r.item.exported || m.files.length <= 3).slice(0, 10);
  if (keyItems.length > 0) {
    out.push(`## ${L.keyDeclarations}`, "");
    for (const { file, item } of keyItems) {
      const cite: Citation = {
        path: file.path,
        startLine: item.line,
        endLine: Math.min(item.endLine ?? item.line, file.lines),
      };
      citations.push(cite);
      out.push(
        `- **\`${item.name}\`** (${item.kind}) \`${cite.path}:${cite.startLine}-${cite.endLine}\`${item.doc ? ` — ${item.doc}` : ""}`,
      );
    }
    out.push("");
  }

  const excerpts = await pickExcerpts(ctx.reader, ranked, 3);
  if (excerpts.length > 0) {
    out.push(`## ${L.keyExcerpts}`, "");
    for (const e of excerpts) {
      citations.push(e.citation);
      const range = `${e.citation.path}:${e.citation.startLine}-${e.citation.endLine}`;
      out.push(`### \`${e.item.name}\``, "");
      if (e.item.doc) out.push(e.item.doc, "");
      out.push(
        `\`${range}\`${e.truncated ? ` (${L.firstLines(e.citation.endLine - e.citation.startLine + 1)})` : ""}`,
        "",
      );
      out.push(codeBlock(e.code, fenceLanguage(e.file.language)), "");
    }
  }

  const inner = internalGraph(m);
  if (inner.edges.length > 0) {
    out.push(`## ${L.insideModule}`, "", mermaidBlock(flowchart(inner.nodes, inner.edges)), "");
  }

  out.push(`## ${L.recap}`, "");
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
  return { slug: m.id, title: name, abstraction: m.id, markdown: out.join("\n"), citations };
}

/** File-level import graph inside one module (only files that take part in an edge). */
function internalGraph(m: Module) {
  const paths = new Set(m.files.map((f) => f.path));
  const edges = m.files.flatMap((f) =>
    f.imports.filter((i) => paths.has(i)).map((i) => ({ from: f.path, to: i })),
  );
  const involved = new Set(edges.flatMap((e) => [e.from, e.to]));
  const base = m.dir === "" ? "" : `${m.dir}/`;
  const nodes = [...involved].sort().map((p) => ({ id: p, label: p.slice(base.length) }));
  return { nodes, edges: edges.slice(0, 40) };
}

export function entryPoints(map: CodeMap): MapFile[] {
  return map.files
    .filter(
      (f) =>
        /(^|\/)(main|index|app|cli|server|__main__|manage)\.[a-z]+$/.test(f.path) &&
        f.language !== "markdown" &&
        f.language !== "json",
    )
    .filter((f) => !/(^|\/)(test|tests|__tests__|fixtures?|examples?)\//.test(f.path))
    .sort(
      (a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path),
    );
}

export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  const sentence = m ? (m[1] as string) : text;
  if (sentence.length <= 200) return sentence;
  return `${sentence.slice(0, sentence.lastIndexOf(" ", 200))}…`;
}

/** Cut markdown to a length without leaving a code fence open. */
export function safeMarkdown(text: string, max: number): string {
  let cut =
    text.length > max
      ? text.slice(0, text.lastIndexOf("\n", max) > 0 ? text.lastIndexOf("\n", max) : max)
      : text;
  const fences = cut.split("\n").filter((l) => /^\s*(```|~~~)/.test(l)).length;
  if (fences % 2 === 1)
    cut = cut.slice(
      0,
      cut.lastIndexOf("\n```") >= 0 ? cut.lastIndexOf("\n```") : cut.lastIndexOf("\n~~~"),
    );
  return cut.trim();
}

function stripFences(text: string): string {
  return text.replace(/```[\s\S]*?```/g, "").replace(/\n{3,}/g, "\n\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
