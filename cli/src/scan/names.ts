/**
 * File names that would put invisible or reordering characters into a course. A path
 * reaches course text in many places (citations `path:start-end`, lesson prose, Mermaid
 * labels, the manifest, the model's prompts and whatever the model writes back), so the
 * walk refuses such names once, at the source, rather than trusting every place that
 * renders a path to escape it: a file or folder whose name holds one is skipped with the
 * reason "unsafe-name" (its path in the skipped list is escaped, `\u{202E}`).
 *
 * Skipping costs a file whose name no editor shows faithfully; escaping it instead would
 * give a path that is no longer the file's (a citation of it could not be checked against
 * the code map, nor followed by a reader). Legitimate source trees do not name files with
 * control characters, bidirectional overrides or zero-width characters.
 *
 * Refused: controls (Cc: C0, DEL, C1), format characters (Cf: the bidirectional marks,
 * embeddings, overrides and isolates U+061C, U+200E-U+200F, U+202A-U+202E,
 * U+2066-U+2069; the zero-width space, joiners and word joiner U+200B-U+200D, U+2060;
 * U+FEFF; soft hyphen; tag characters), and the line and paragraph separators (Zl, Zp).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

export function hasUnsafeChars(name: string): boolean {
  return UNSAFE.test(name);
}

/** The name with every unsafe character written as `\u{XXXX}`. */
export function visibleName(name: string): string {
  return name.replace(
    UNSAFE_ALL,
    (c) => `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}}`,
  );
}
