/**
 * Call chains between the central declarations ("`run` calls `dispatch`, which calls …"):
 * a call is a declaration's name followed by `(` inside another declaration's range (a method
 * through `.name(`), matched against the other central declarations. The longest chain from
 * the most central caller is drawn as a Mermaid sequence diagram, one participant per
 * declaration (at most MAX_PARTICIPANTS), and said in one sentence.
 *
 * Read by the overview chapter (chapters.ts).
 */
import type { Citation } from "@fondation/shared";
import type { MapFile, OutlineItem, SourceReader } from "../types.ts";
import type { CourseContext } from "./chapters.ts";
import { type Core, isFrontDoor, isPeripheryPath, rankDeclarations, shortName } from "./core.ts";
import { mermaidBlock } from "./diagrams.ts";
import { teachLabels } from "./teachLabels.ts";

export const MAX_PARTICIPANTS = 12;
const MAX_DEPTH = 4;
/** Central declarations looked at: the most central ones, the rest is detail. */
const CANDIDATES = 2000;
/** The central files whose declarations make the call graph. */
const FILES = 30;
/** Callees followed from each caller: the ones that lead furthest. */
const BRANCHES = 3;
/** What reaching twice as many declarations is worth to a root, in centrality score. */
const REACH_WEIGHT = 6;
/** What being called from twice as many places costs a root (an entry is called by few). */
const CALLER_WEIGHT = 3;
const CALLABLE = new Set(["function", "method"]);
const TARGET = new Set(["function", "method", "class", "struct"]);

export interface Decl {
  file: MapFile;
  item: OutlineItem;
  /** How central it is (core.ts's declaration score); absent counts as 0. */
  score?: number;
}

export interface Call {
  from: Decl;
  to: Decl;
}

/** The central declarations that can call or be called, most central first. */
export function chainCandidates(core: Core): Decl[] {
  const files = core.files.filter((f) => !isPeripheryPath(f.path)).slice(0, FILES);
  // A name declared in many places (`get`, `new`, `run`) would match calls to all of them.
  const distinct = (name: string) => name.length > 2 && (core.declared.get(name) ?? 0) < 3;
  return rankDeclarations(core, files)
    .filter(
      (r) =>
        TARGET.has(r.item.kind) &&
        // The front door is named like the package, so declared again in its typings.
        (distinct(shortName(r.item.name)) || isFrontDoor(core, r.file, r.item)),
    )
    .slice(0, CANDIDATES);
}

/**
 * Who can be called by a name: methods through `.name(`, functions and types bare or
 * qualified (`pkg.Func(`, `new Name(`). A name two candidates share is left out: `.get(`
 * says nothing about which `get`.
 */
function callTargets(decls: Decl[]): { dotted: Map<string, Decl>; bare: Map<string, Decl> } {
  const byName = new Map<string, Decl[]>();
  for (const d of decls) {
    const name = shortName(d.item.name);
    byName.set(name, [...(byName.get(name) ?? []), d]);
  }
  const dotted = new Map<string, Decl>();
  const bare = new Map<string, Decl>();
  for (const [name, ds] of byName) {
    if (ds.length !== 1) continue;
    const d = ds[0] as Decl;
    dotted.set(name, d);
    if (d.item.kind !== "method") bare.set(name, d);
  }
  return { dotted, bare };
}

const COMMENT = /^\s*(\/\/|#|\*|\/\*|--)/;
const CALL = /(\.)?(?<![\w$])([A-Za-z_$][\w$]*)\(/g;

/** The calls of one body (its lines), in the order they appear, each callee once. */
function callsIn(body: string[], targets: ReturnType<typeof callTargets>, self: Decl): Decl[] {
  const found: Decl[] = [];
  for (const line of body) {
    if (COMMENT.test(line)) continue;
    for (const m of line.matchAll(CALL)) {
      const name = m[2] as string;
      const to = m[1] ? targets.dotted.get(name) : targets.bare.get(name);
      if (to && to !== self && !found.includes(to)) found.push(to);
    }
  }
  return found;
}

/**
 * The calls among the declarations, each caller's callees in the order they appear. Each
 * file is read once; a body is scanned once for `name(` tokens, looked up by name.
 */
export async function findCalls(reader: SourceReader, decls: Decl[]): Promise<Call[]> {
  const targets = callTargets(decls);
  const texts = new Map<string, string[] | null>();
  const calls: Call[] = [];
  for (const from of decls) {
    const end = from.item.endLine ?? from.item.line;
    if (!CALLABLE.has(from.item.kind) || end <= from.item.line) continue;
    const path = from.file.path;
    if (!texts.has(path))
      texts.set(
        path,
        await reader.read(path).then(
          (t) => t.split("\n"),
          () => null,
        ),
      );
    const lines = texts.get(path);
    if (!lines) continue;
    // The first line is the caller's own signature.
    for (const to of callsIn(lines.slice(from.item.line, end), targets, from))
      calls.push({ from, to });
  }
  return calls;
}

/**
 * How many declarations each one reaches through calls within MAX_DEPTH calls (what a
 * diagram can show: in a dense graph everything reaches everything, further out).
 */
function reachOf(decls: Decl[], out: Map<Decl, Decl[]>): Map<Decl, number> {
  const reach = new Map<Decl, number>();
  for (const d of decls) {
    const seen = new Set<Decl>([d]);
    let level = [d];
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const next: Decl[] = [];
      for (const from of level)
        for (const to of out.get(from) ?? [])
          if (!seen.has(to)) {
            seen.add(to);
            next.push(to);
          }
      level = next;
    }
    reach.set(d, seen.size - 1);
  }
  return reach;
}

/**
 * The calls from `root`: the tree is chosen level by level (so the cap on participants does
 * not go to the first branch alone), of each caller's callees the BRANCHES that lead
 * furthest, in the order the caller makes them; then told depth first, the order a run takes.
 */
function walk(root: Decl, out: Map<Decl, Decl[]>, reach: Map<Decl, number>): Call[] {
  const children = new Map<Decl, Decl[]>();
  const seen = new Set<Decl>([root]);
  let level = [root];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const next: Decl[] = [];
    for (const d of level) {
      const callees = (out.get(d) ?? []).filter((to) => !seen.has(to));
      const main = new Set(
        [...callees].sort((a, b) => (reach.get(b) ?? 0) - (reach.get(a) ?? 0)).slice(0, BRANCHES),
      );
      for (const to of callees.filter((c) => main.has(c))) {
        // Each callee is a new participant (the root is one too).
        if (seen.size >= MAX_PARTICIPANTS) break;
        seen.add(to);
        children.set(d, [...(children.get(d) ?? []), to]);
        next.push(to);
      }
    }
    level = next;
  }
  const chain: Call[] = [];
  const tell = (d: Decl) => {
    for (const to of children.get(d) ?? []) {
      chain.push({ from: d, to });
      tell(to);
    }
  };
  tell(root);
  return chain;
}

/**
 * The main path: from the declaration that is central, reaches far and is called by few
 * (an entry such as `Execute`, not `Usage`, which every help path calls back, nor the thin
 * `ExecuteContext` around it); [] when nothing calls anything.
 */
export function mainChain(
  decls: Decl[],
  calls: Call[],
  isStart: (d: Decl) => boolean = () => false,
): Call[] {
  const out = new Map<Decl, Decl[]>();
  const callers = new Map<Decl, number>();
  for (const c of calls) {
    out.set(c.from, [...(out.get(c.from) ?? []), c.to]);
    callers.set(c.to, (callers.get(c.to) ?? 0) + 1);
  }
  const reach = reachOf(decls, out);
  // The package's front door, when it calls into the core, is where a user's call starts.
  const door = decls.find((d) => isStart(d) && (reach.get(d) ?? 0) > 0);
  if (door) return walk(door, out, reach);
  let root: Decl | undefined;
  let best = Number.NEGATIVE_INFINITY;
  for (const d of decls) {
    const r = reach.get(d) ?? 0;
    const score =
      (d.score ?? 0) +
      REACH_WEIGHT * Math.log2(1 + r) -
      CALLER_WEIGHT * Math.log2(1 + (callers.get(d) ?? 0));
    if (r > 0 && score > best) {
      root = d;
      best = score;
    }
  }
  return root ? walk(root, out, reach) : [];
}

const label = (text: string) => text.replace(/[;#\n\r]/g, " ").slice(0, 60);

/** The chain as a sequence diagram, or null with fewer than two messages. */
export function sequenceDiagram(chain: Call[]): string | null {
  if (chain.length < 2) return null;
  const ids = new Map<Decl, string>();
  const lines = ["sequenceDiagram"];
  const idOf = (d: Decl) => {
    let id = ids.get(d);
    if (!id) {
      id = `p${ids.size}`;
      ids.set(d, id);
      lines.push(`  participant ${id} as ${label(d.item.name)}`);
    }
    return id;
  };
  const root = chain[0]?.from as Decl;
  const messages: string[] = [`  Note over ${idOf(root)}: ${label(shortName(root.item.name))}()`];
  for (const c of chain)
    messages.push(`  ${idOf(c.from)}->>${idOf(c.to)}: ${label(shortName(c.to.item.name))}()`);
  return [...lines, ...messages].join("\n");
}

/**
 * The chain in words: down its first calls while each caller makes one, then what the next
 * caller calls: "`a` calls `b`, which calls `c`, `d` and `e`". `cite` names a declaration
 * (its citation); `words` are the course language's frames.
 */
export function chainSentence(
  chain: Call[],
  words: { calls: string; whichCalls: string; and: string },
  cite: (d: Decl) => string = (d) => `\`${shortName(d.item.name)}\``,
): string | null {
  const first = chain[0];
  if (!first) return null;
  const children = new Map<Decl, Decl[]>();
  for (const c of chain) children.set(c.from, [...(children.get(c.from) ?? []), c.to]);
  const steps: string[] = [cite(first.from)];
  let d: Decl | undefined = first.from;
  while (d) {
    const kids: Decl[] = children.get(d) ?? [];
    if (kids.length === 0) break;
    const named = kids.map(cite);
    const list =
      named.length === 1
        ? named[0]
        : `${named.slice(0, -1).join(", ")} ${words.and} ${named.at(-1)}`;
    steps.push(`${steps.length === 1 ? words.calls : `, ${words.whichCalls}`} ${list}`);
    d = kids.length === 1 ? kids[0] : undefined;
  }
  return steps.join(" ").replace(/ ,/g, ",");
}

const chains = new WeakMap<Core, Promise<Call[]>>();

/** The main path of a core, worked out once (the overview draws it, a tutorial traces it). */
export function mainCallChain(core: Core, reader: SourceReader): Promise<Call[]> {
  let chain = chains.get(core);
  if (!chain) {
    const decls = chainCandidates(core);
    chain = findCalls(reader, decls).then((calls) =>
      mainChain(decls, calls, (d) => isFrontDoor(core, d.file, d.item)),
    );
    chains.set(core, chain);
  }
  return chain;
}

/**
 * The overview's section on the main path: a sentence citing the declarations it names and
 * a sequence diagram, or nothing. The citations go to `citations`.
 */
export async function mainPathSection(
  ctx: CourseContext,
  citations: Citation[],
): Promise<string[]> {
  const chain = await mainCallChain(ctx.core, ctx.reader);
  const diagram = sequenceDiagram(chain);
  if (!diagram) return [];
  const T = teachLabels(ctx.L);
  const sentence = chainSentence(chain, T, (d) => {
    const end = Math.min(Math.max(d.item.endLine ?? d.item.line, d.item.line), d.file.lines);
    citations.push({ path: d.file.path, startLine: d.item.line, endLine: end });
    // The full name: `Request.prepare` and `PreparedRequest.prepare` are two things.
    return `\`${d.item.name}\` (\`${d.file.path}:${d.item.line}-${end}\`)`;
  });
  return [
    `## ${T.mainPathTitle}`,
    "",
    ...(sentence ? [`${sentence}.`, ""] : []),
    T.mainPathIntro,
    "",
    mermaidBlock(diagram),
    "",
  ];
}
