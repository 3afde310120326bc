/**
 * The rules of issue 12, each computed from a course folder and the analysed source alone:
 * (a) central symbols named and cited early, (b) no periphery among chapters 1-3,
 * (c) whole-declaration citations, (d) diagram sizes, (e) prose markup junk, (f) links.
 */
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { type Declaration, declarationsOf, isLeadingLine, langOf, mask } from "./declarations.ts";
import { entryPoints } from "./entry.ts";

export interface Central {
  symbol: string;
  file: string;
  mention?: string;
}

interface Citation {
  path: string;
  startLine: number;
  endLine: number;
}
interface Lesson {
  kind: string;
  slug: string;
  title: string;
  file: string;
  abstraction?: string;
  citations: Citation[];
}
interface Manifest {
  abstractions: { id: string; files: string[] }[];
  chapters: Lesson[];
  tutorials: Lesson[];
}

export const NODE_CAP = 40;
export const DIAGRAM_CHAR_CAP = 50_000;
export const WHOLE_TARGET = 0.9;

export interface Scores {
  chapters: number;
  tutorials: number;
  central: { found: number; total: number; missing: string[]; pass: boolean };
  entry: { files: string[]; names: number; namedEarly: number; entryFileCitedEarly: boolean };
  periphery: { early: string[]; pass: boolean };
  whole: {
    declarationCitations: number;
    whole: number;
    citations: number;
    ratio: number | null;
    pass: boolean;
    partial: string[];
  };
  diagrams: {
    total: number;
    bad: number;
    maxNodes: number;
    maxChars: number;
    samples: string[];
    pass: boolean;
  };
  junk: { lines: number; byKind: Record<string, number>; samples: string[]; pass: boolean };
  links: { total: number; broken: number; samples: string[]; pass: boolean };
  pass: boolean;
}

const CITE_IN_TEXT = /`?([\w./@$+-]+\.[\w]+):(\d+)(?:-(\d+))?`?/g;

/** Citations of a lesson: the manifest's list and every `path:a-b` written in its text. */
function citationsOf(lesson: Lesson, text: string): Citation[] {
  const out = [...lesson.citations];
  for (const m of text.matchAll(CITE_IN_TEXT)) {
    const startLine = Number(m[2]);
    out.push({ path: m[1] as string, startLine, endLine: Number(m[3] ?? startLine) });
  }
  return out;
}

const PERIPHERY_DIRS = new Set(
  "example examples sample samples demo demos doc docs documentation guide guides tutorial tutorials cookbook bench benches benchmark benchmarks script scripts test tests __tests__ testdata fixture fixtures spec specs e2e integration build ci .github debian".split(
    " ",
  ),
);
const PERIPHERY_FILE =
  /(^|\/)(makefile|dockerfile|.*\.config\.[cm]?[jt]s|eslint.*|\.eslintrc.*|\.prettierrc.*|tsconfig.*\.json|jest\.config.*|setup\.py|setup\.cfg|noxfile\.py|tox\.ini|conftest\.py|build\.rs|cargo\.toml|go\.(mod|sum)|package\.json|license.*|changelog.*|history.*|readme.*|contributing.*)$/i;
const TEST_FILE =
  /(_test\.go|(^|\/)test_[^/]*\.py|_test\.py|\.(test|spec)\.[cm]?[jt]sx?|_bench[^/]*)$/;
const DOC_EXT = /\.(md|mdx|rst|txt|adoc)$/i;
const DOC_BASENAME = /^_?(tutorial|cookbook|faq|guide|changelog|history|readme|contributing)s?$/i;

/** Examples, docs, benchmarks, scripts, tests, build configuration: judged on the path alone. */
export function isPeriphery(path: string): boolean {
  const parts = path.toLowerCase().split("/");
  const base = parts.at(-1) as string;
  if (parts.slice(0, -1).some((d) => PERIPHERY_DIRS.has(d.replace(/^_+/, "")))) return true;
  if (PERIPHERY_FILE.test(path) || TEST_FILE.test(path) || DOC_EXT.test(path)) return true;
  return DOC_BASENAME.test(base.replace(/\.[^.]+$/, ""));
}

/** Fenced code, also indented under a list item (the tutorials' steps), is not prose. */
function stripCode(md: string): string {
  return md.replace(/^( *)```[\s\S]*?^\1```\s*$/gm, "");
}

const JUNK: [string, RegExp][] = [
  [
    "html",
    /<\/?[a-zA-Z][\w-]*(\s[^<>]*)?\/?>|<[a-zA-Z][\w-]*\s[^<>]*$|&(nbsp|amp|lt|gt|quot|#\d+);/,
  ],
  [
    "badge",
    /!\[[^\]]*\]\([^)]*(badge|shields\.io|travis-ci|codecov|coveralls|circleci|appveyor|workflows\/|\.svg)[^)]*\)/i,
  ],
  [
    "rst",
    /^\s*([=~^`*+#"'])\1{3,}\s*$|[^`~=]([~=^])\2{3,}(\s|$)|^\s*\.\.\s+[\w-]+::|:(class|func|meth|attr|mod|data|exc|obj|ref|doc):`/,
  ],
  [
    "license",
    /copyright\s*(\(c\)|©|\d{4})|\bMIT Licen[sc]ed\b|licensed under|SPDX-License-Identifier|all rights reserved|permission is hereby granted/i,
  ],
  ["doc-tag", /(^|\s)@(param|returns?|api|private|public|typedef|throws|template)\b|\{@link\b/],
];

function junkOf(md: string): { kind: string; line: string }[] {
  const found: { kind: string; line: string }[] = [];
  const lines = stripCode(md).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    // The course's own collapsible answers (`<details><summary>`) are structure, not junk.
    const prose = raw.replace(/``[^`]*``|`[^`\n]*`/g, "``").replace(/<\/?(details|summary)>/g, "");
    for (const [kind, re] of JUNK) {
      // RST roles are checked before code spans are dropped; an underline may be flattened into a line.
      const target =
        kind === "rst"
          ? raw.replace(/`[^`\n]*`/g, (m) => (/^`~?[\w.]+`$/.test(m) ? m : "``"))
          : prose;
      if (re.test(target) && !/^\s*<https?:/.test(target)) {
        found.push({ kind, line: raw.trim().slice(0, 120) });
        break;
      }
    }
    // An underline of dashes under text (the course never writes setext headings).
    if (
      /^\s*-{4,}\s*$/.test(raw) &&
      (lines[i - 1] ?? "").trim() !== "" &&
      !(lines[i - 1] ?? "").includes("|")
    )
      found.push({ kind: "rst", line: raw.trim().slice(0, 120) });
    // A bare URL standing for text: a line, list item, table cell or "— role" that is only a URL.
    const segments = prose.split(/\s\|\s|^\||\|$| — /);
    for (const seg of segments) {
      const t = seg
        .trim()
        .replace(/^([-*]|\d+\.)\s+/, "")
        .replace(/^\*\*(.*)\*\*$/, "$1")
        .trim();
      if (/^<?https?:\/\/\S+>?$/.test(t)) {
        found.push({ kind: "bare-url", line: raw.trim().slice(0, 120) });
        break;
      }
    }
  }
  return found;
}

interface DiagramStat {
  nodes: number;
  edges: number;
  chars: number;
}

const ARROW = /<?[-=.]{2,}[->xo]|<?-\.+->|<\|--|--\|>|\*--|o--|--\*|--o|->>|-->>|-\)|--\)|-x|--x/;

export function diagramStats(src: string): DiagramStat {
  const lines = src.split("\n").map((l) => l.trim());
  const header = lines[0] ?? "";
  const nodes = new Set<string>();
  let edges = 0;
  if (/^sequenceDiagram/.test(header)) {
    for (const l of lines.slice(1)) {
      const p = /^(?:participant|actor)\s+(\S+)/.exec(l);
      if (p) nodes.add(p[1] as string);
      const msg = /^([^\s:>-]+)\s*(-{1,2}>>?|-{1,2}[x)])\s*\+?-?([^\s:]+)\s*:/.exec(l);
      if (msg) {
        nodes.add(msg[1] as string);
        nodes.add(msg[3] as string);
        edges++;
      }
    }
    return { nodes: nodes.size, edges, chars: src.length };
  }
  for (const l of lines.slice(1)) {
    if (
      l === "" ||
      /^(%%|classDef\b|class\s|style\b|linkStyle\b|subgraph\b|end$|direction\b|click\b)/.test(l)
    )
      continue;
    const stripped = l
      .replace(/\["[^"]*"\]|\("[^"]*"\)|\{"[^"]*"\}|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|>[^\]]*\]/g, "")
      .replace(/\|[^|]*\|/g, "")
      .replace(/--\s[^-]+\s-->/g, "-->");
    const parts = stripped.split(new RegExp(ARROW.source, "g"));
    if (parts.length > 1) edges += parts.length - 1;
    for (const part of parts)
      for (const id of part.split("&")) {
        const m = /^\s*([\w$.-]+)/.exec(id);
        if (m && !/^(TD|TB|LR|RL|BT)$/.test(m[1] as string)) nodes.add(m[1] as string);
      }
  }
  return { nodes: nodes.size, edges, chars: src.length };
}

/** The declaration a citation is of, if its first lines are (decorators or comments before) one. */
function citedDeclaration(
  decls: Declaration[],
  masked: string[],
  c: Citation,
): Declaration | undefined {
  let best: Declaration | undefined;
  for (const d of decls) {
    if (d.start < c.startLine || d.start > c.endLine) continue;
    if (!best || d.start < best.start || (d.start === best.start && d.end > best.end)) best = d;
  }
  if (!best) return undefined;
  for (let l = c.startLine; l < best.start; l++)
    if (!isLeadingLine(masked[l - 1] ?? "")) return undefined;
  return best;
}

function wordRe(word: string): RegExp {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w$])${esc}($|[^\\w$])`);
}

export function scoreCourse(courseDir: string, srcDir: string, central: Central[]): Scores {
  const manifest = JSON.parse(readFileSync(join(courseDir, "course.json"), "utf8")) as Manifest;
  const lessons = [...manifest.chapters, ...manifest.tutorials];
  const texts = new Map(
    lessons.map((l) => [l.file, readFileSync(join(courseDir, l.file), "utf8")]),
  );
  const lessonFiles = new Set(lessons.map((l) => normalize(l.file)));
  const overviewFirst = manifest.chapters[0] && !manifest.chapters[0].abstraction ? 1 : 0;
  const early = manifest.chapters.slice(0, overviewFirst + 3);
  const earlyChapters = manifest.chapters.slice(overviewFirst, overviewFirst + 3);
  const earlyText = early.map((l) => texts.get(l.file) ?? "").join("\n");
  const earlyCitations = early.flatMap((l) => citationsOf(l, texts.get(l.file) ?? ""));

  const sources = new Map<
    string,
    { text: string; masked: string[]; decls: Declaration[] } | null
  >();
  const source = (path: string) => {
    if (!sources.has(path)) {
      let entry: { text: string; masked: string[]; decls: Declaration[] } | null = null;
      const lang = langOf(path);
      try {
        const text = readFileSync(join(srcDir, path), "utf8");
        if (lang)
          entry = { text, masked: mask(text, lang).split("\n"), decls: declarationsOf(path, text) };
      } catch {
        entry = null;
      }
      sources.set(path, entry);
    }
    return sources.get(path) ?? null;
  };

  // (a) central symbols: named in the overview or chapters 1-3, and a citation there holds the
  // first line of their declaration.
  const missing: string[] = [];
  for (const c of central) {
    const named =
      wordRe(c.mention ?? c.symbol).test(earlyText) || earlyText.includes(c.mention ?? "\0");
    const last = c.symbol.split(".").at(-1) as string;
    // `app.use` is declared as `app.use = function …`; `Execute` as a method of `Command`.
    const decls = (source(c.file)?.decls ?? []).filter(
      (d) => d.name === c.symbol || d.qualified === c.symbol || d.qualified?.endsWith(`.${last}`),
    );
    const cited = earlyCitations.some(
      (x) => x.path === c.file && decls.some((d) => x.startLine <= d.start && x.endLine >= d.start),
    );
    if (!decls.length) missing.push(`${c.symbol} (declaration not found by the harness)`);
    else if (!named || !cited)
      missing.push(
        `${c.symbol} (${named ? "named" : "not named"}, ${cited ? "cited" : "not cited"})`,
      );
  }
  const entry = entryPoints(srcDir);
  const namedEarly = entry.names.filter((n) => wordRe(n).test(earlyText)).length;

  // (b) periphery among chapters 1-3: most of the chapter's files are periphery.
  const peripheral: string[] = [];
  for (const l of earlyChapters) {
    const files =
      manifest.abstractions.find((a) => a.id === l.abstraction)?.files ??
      l.citations.map((c) => c.path);
    const p = files.filter(isPeriphery).length;
    if (files.length > 0 && p * 2 >= files.length) peripheral.push(l.slug);
  }

  // (c) citations of a declaration that cover all of it, over every lesson.
  let all = 0;
  let declCites = 0;
  let wholeCites = 0;
  const partial: string[] = [];
  const seen = new Set<string>();
  for (const l of lessons)
    for (const c of citationsOf(l, texts.get(l.file) ?? "")) {
      const key = `${c.path}:${c.startLine}-${c.endLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all++;
      const s = source(c.path);
      if (!s) continue;
      const d = citedDeclaration(s.decls, s.masked, c);
      if (!d) continue;
      declCites++;
      if (c.endLine >= d.end) wholeCites++;
      else if (partial.length < 8)
        partial.push(`${key} (${d.qualified ?? d.name} ends at ${d.end})`);
    }
  const ratio = declCites ? wholeCites / declCites : null;

  // (d) diagrams.
  let total = 0;
  let bad = 0;
  let maxNodes = 0;
  let maxChars = 0;
  const diagramSamples: string[] = [];
  // (e) junk; (f) links.
  const junkByKind: Record<string, number> = {};
  const junkSamples: string[] = [];
  let junkLines = 0;
  let links = 0;
  let broken = 0;
  const linkSamples: string[] = [];
  for (const l of lessons) {
    const md = texts.get(l.file) ?? "";
    for (const m of md.matchAll(/^```mermaid\n([\s\S]*?)^```/gm)) {
      total++;
      const st = diagramStats(m[1] as string);
      maxNodes = Math.max(maxNodes, st.nodes);
      maxChars = Math.max(maxChars, st.chars);
      const why =
        st.nodes < 2
          ? `${st.nodes} node`
          : st.edges === 0
            ? "no edge"
            : st.nodes > NODE_CAP
              ? `${st.nodes} nodes`
              : st.chars > DIAGRAM_CHAR_CAP
                ? `${st.chars} chars`
                : null;
      if (why) {
        bad++;
        if (diagramSamples.length < 6) diagramSamples.push(`${l.slug}: ${why}`);
      }
    }
    for (const j of junkOf(md)) {
      junkLines++;
      junkByKind[j.kind] = (junkByKind[j.kind] ?? 0) + 1;
      if (junkSamples.length < 10) junkSamples.push(`${l.slug} [${j.kind}] ${j.line}`);
    }
    const prose = stripCode(md).replace(/`[^`\n]*`/g, "");
    const targets = [
      ...[...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1] as string),
      ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] as string),
    ];
    for (const t of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith("#")) continue;
      links++;
      const path = normalize(join(dirname(l.file), t.replace(/[#?].*$/, "")));
      if (!lessonFiles.has(path)) {
        broken++;
        if (linkSamples.length < 6) linkSamples.push(`${l.slug} → ${t}`);
      }
    }
  }

  const scores: Scores = {
    chapters: manifest.chapters.length,
    tutorials: manifest.tutorials.length,
    central: {
      found: central.length - missing.length,
      total: central.length,
      missing,
      pass: missing.length === 0,
    },
    entry: {
      files: entry.files,
      names: entry.names.length,
      namedEarly,
      entryFileCitedEarly: earlyCitations.some((c) => entry.files.includes(c.path)),
    },
    periphery: { early: peripheral, pass: peripheral.length === 0 },
    whole: {
      declarationCitations: declCites,
      whole: wholeCites,
      citations: all,
      ratio,
      pass: ratio !== null && ratio >= WHOLE_TARGET,
      partial,
    },
    diagrams: { total, bad, maxNodes, maxChars, samples: diagramSamples, pass: bad === 0 },
    junk: { lines: junkLines, byKind: junkByKind, samples: junkSamples, pass: junkLines === 0 },
    links: { total: links, broken, samples: linkSamples, pass: broken === 0 },
    pass: false,
  };
  scores.pass =
    scores.central.pass &&
    scores.periphery.pass &&
    scores.whole.pass &&
    scores.diagrams.pass &&
    scores.junk.pass &&
    scores.links.pass;
  return scores;
}
