/**
 * Text that is in a repository's comments and READMEs but teaches nothing about the code:
 * license banners and RST section titles (a title over an underline of `~~~~` or `====`).
 * Read by the code map's doc extraction (codemap/doc.ts: such a first paragraph is skipped
 * for the next one) and by the prose cleaners of the offline course.
 */

/** Words a license banner or notice carries (checked on one sentence, line or paragraph). */
export const LICENSE =
  /copyright\s*(\(c\)|©|\d{4})|\bMIT Licen[sc]ed\b|\b(dual-)?licensed under\b|\bdual-licensed\b|SPDX-License-Identifier|all rights reserved|permission is hereby granted/i;

/** A line that is only an RST underline or overline (or a `====` separator). */
export const UNDERLINE = /^\s*([=~^*#+"'`-])\1{3,}\s*$/;

/**
 * True for a paragraph (its lines, comment markers already removed) that is a license
 * banner or only a section title with its underline: a reader learns nothing from it.
 */
export function isBoilerplate(lines: string[]): boolean {
  const kept = lines.map((l) => l.trim()).filter((l) => l !== "");
  if (kept.length === 0) return true;
  if (kept.some((l) => LICENSE.test(l))) return true;
  // `requests.utils` over `~~~~~~~~~~~~~~`: a title, then its underline (and maybe an overline).
  const words = kept.filter((l) => !UNDERLINE.test(l));
  return words.length <= 1 && words.length < kept.length;
}

const LINE_COMMENT = /^\s*(\/\/|#(?![![]|include))/;

/**
 * How many lines at the top of a file are a license banner (its first comment, when it
 * carries a notice) and the blank lines after it: an excerpt meant to show how the file
 * starts begins below them. 0 when the file does not open with one.
 */
export function bannerLines(lines: string[]): number {
  const first = lines[0] ?? "";
  let end = -1; // last line of the opening comment
  if (/^\s*\/\*/.test(first)) end = lines.findIndex((l) => l.includes("*/"));
  else if (LINE_COMMENT.test(first)) {
    end = 0;
    while (end + 1 < lines.length && LINE_COMMENT.test(lines[end + 1] as string)) end++;
  }
  if (end === -1 || !LICENSE.test(lines.slice(0, end + 1).join("\n"))) return 0;
  let next = end + 1;
  while (next < lines.length && (lines[next] as string).trim() === "") next++;
  return next;
}
