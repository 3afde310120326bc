/**
 * Moves a lesson's citations to where their lines went: a line diff (jsdiff) of the file
 * as the previous course saw it against the file now maps every unchanged line to its new
 * number; a range moves when all its lines map, in one piece, to identical text. Then the
 * `path:start-end` mentions in the markdown (inline code and excerpt fences) are rewritten.
 */
import type { Citation } from "@fondation/shared";
import { diffLines } from "diff";
import { citationKey } from "../output/citations.ts";

/** Old line number → new line number, for the lines the diff keeps. */
export function lineMap(before: string, after: string): Map<number, number> {
  const map = new Map<number, number>();
  let a = 1;
  let b = 1;
  for (const part of diffLines(before, after)) {
    const n = part.count ?? 0;
    if (part.added) b += n;
    else if (part.removed) a += n;
    else for (let i = 0; i < n; i++) map.set(a++, b++);
  }
  return map;
}

/** The range's new place, or undefined when its text is no longer there as it was. */
export function moveRange(
  c: Citation,
  before: string[],
  after: string[],
  lines: Map<number, number>,
): Citation | undefined {
  const start = lines.get(c.startLine);
  const wanted = before.slice(c.startLine - 1, c.endLine);
  if (wanted.length !== c.endLine - c.startLine + 1) return undefined;
  if (start !== undefined) {
    const moved = { path: c.path, startLine: start, endLine: start + (c.endLine - c.startLine) };
    if (same(wanted, after, moved.startLine)) return moved;
  }
  // The diff may pair lines differently (a block moved past another): look for the text itself.
  let found: number | undefined;
  for (let i = 0; i + wanted.length <= after.length; i++) {
    if (!same(wanted, after, i + 1)) continue;
    if (found !== undefined) return undefined; // twice: which one the lesson meant is unknown
    found = i + 1;
  }
  return found === undefined
    ? undefined
    : { path: c.path, startLine: found, endLine: found + wanted.length - 1 };
}

function same(wanted: string[], after: string[], start: number): boolean {
  return wanted.every((line, i) => after[start - 1 + i] === line);
}

export function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Rewrite the markdown's `path:start-end` (and `path:start`) mentions: `moves` maps an old
 * citation key to its new citation; `renamed` maps old paths to new ones (bare `path`
 * mentions in inline code follow too).
 */
export function rewriteCitations(
  markdown: string,
  moves: Map<string, Citation>,
  renamed: Map<string, string>,
): string {
  const paths = new Set([...moves.values()].map((c) => c.path));
  for (const key of moves.keys()) paths.add(key.slice(0, key.lastIndexOf(":")));
  for (const p of renamed.keys()) paths.add(p);
  let out = markdown;
  for (const path of [...paths].sort((x, y) => y.length - x.length)) {
    const re = new RegExp(
      `(?<![\\w@.+/-])${escapeRegExp(path)}(?::(\\d+)(?:-(\\d+))?)?(?![\\w@.+/-])`,
      "g",
    );
    out = out.replace(re, (whole, s?: string, e?: string, offset?: number, all?: string) => {
      const to = renamed.get(path) ?? path;
      if (s === undefined) {
        // A bare path is rewritten only as inline code (`path`), never inside prose words.
        const text = all ?? "";
        const at = offset ?? 0;
        return renamed.has(path) && text[at - 1] === "`" && text[at + whole.length] === "`"
          ? to
          : whole;
      }
      const startLine = Number(s);
      const endLine = e === undefined ? startLine : Number(e);
      const moved = moves.get(citationKey({ path, startLine, endLine }));
      if (!moved) return renamed.has(path) ? `${to}:${s}${e === undefined ? "" : `-${e}`}` : whole;
      return e === undefined && moved.startLine === moved.endLine
        ? `${moved.path}:${moved.startLine}`
        : `${moved.path}:${moved.startLine}-${moved.endLine}`;
    });
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
