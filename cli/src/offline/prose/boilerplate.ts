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
