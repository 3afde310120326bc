/**
 * Rule (f): every relative link in a lesson's prose (inline or a reference definition) must
 * land in the course — on a lesson file of course.json and, with `#anchor` (alone: this
 * lesson), on one of that lesson's headings, by GitHub's anchor rule, which the reader uses
 * too (web/src/lib/headingIds.ts). Code (prose.ts) is not read. Read by score.ts.
 */
import { dirname, join, normalize } from "node:path";
import { anchorSequence } from "../../web/src/lib/headingIds.ts";
import { maskCodeBlocks } from "./prose.ts";

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The anchors of a lesson's headings (ATX `#` headings outside code), in GitHub's spelling. */
export function headingAnchors(md: string): Set<string> {
  const next = anchorSequence();
  const anchors = new Set<string>();
  for (const line of maskCodeBlocks(md).split("\n")) {
    const m = /^ {0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/.exec(line);
    if (!m) continue;
    // The heading's text as rendered: code spans and links keep their text, emphasis goes.
    const text = (m[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*]/g, "");
    anchors.add(next(text));
  }
  return anchors;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The relative links of one lesson and those that land nowhere in the course. */
export function lessonLinks(
  file: string,
  texts: ReadonlyMap<string, string>,
): { total: number; broken: string[] } {
  const prose = maskCodeBlocks(texts.get(file) ?? "").replace(/`[^`\n]*`/g, "");
  const targets = [
    ...[...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1] as string),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] as string),
  ];
  let total = 0;
  const broken: string[] = [];
  for (const t of targets) {
    if (SCHEME.test(t) || t.startsWith("//")) continue;
    total++;
    const [pathPart = "", fragment] = t.replace(/\?[^#]*/, "").split("#");
    const path = pathPart === "" ? file : normalize(join(dirname(file), pathPart));
    const target = texts.get(path);
    const landed =
      target !== undefined &&
      (!fragment || headingAnchors(target).has(decode(fragment).toLowerCase()));
    if (!landed) broken.push(t);
  }
  return { total, broken };
}
