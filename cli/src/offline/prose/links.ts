/**
 * Markdown links and images in text taken from a repository. A course lesson is not the
 * repository: a relative link (`[guide](docs/x.md)`, `#anchor`, a rustdoc path such as
 * `crate::Foo`) resolves to nothing in the reader, so only its text is kept; absolute links
 * stay. Images go (badges, logos: not prose; relative ones would break). Read by the prose
 * cleaners (prose/index.ts). Patterns are bounded and never overlap: one pass.
 */

const ABSOLUTE = /^(https?:\/\/|mailto:)/i;

/** `[![alt](img)](link)` and `![alt](img)`: a linked badge first, then any image. */
const LINKED_IMAGE = /\[\s*!\[[^[\]]{0,300}\]\([^()\s]{0,1000}\)\s*\]\([^()\s]{0,1000}\)/g;
const IMAGE = /!\[[^[\]]{0,300}\]\([^()\s]{0,1000}(?:\s+"[^"\n]{0,300}")?\)/g;
const REF_IMAGE = /!\[[^[\]]{0,300}\]\[[^[\]\n]{0,100}\]/g;
/** `[text](target "title")`, text without brackets (a code span is fine). */
const LINK = /\[([^[\]]{1,300})\]\(\s*<?([^()\s<>]{0,1000})>?(?:\s+"[^"\n]{0,300}")?\s*\)/g;
/** `[text][ref]` and `[text][]`. */
const REF_LINK = /\[([^[\]]{1,300})\]\[[^[\]\n]{0,100}\]/g;
/** A link reference definition on its own line: `[label]: target`. */
export const REF_DEFINITION = /^\s{0,3}\[[^\]\n]{1,300}\]:\s*\S/;

export function isAbsolute(target: string): boolean {
  return ABSOLUTE.test(target);
}

/** Images dropped, relative links reduced to their text, absolute ones kept. */
export function cleanLinks(text: string): string {
  return text
    .replace(LINKED_IMAGE, "")
    .replace(IMAGE, "")
    .replace(REF_IMAGE, "")
    .replace(LINK, (_all, label: string, target: string) =>
      isAbsolute(target) ? `[${label.trim()}](${target})` : label.trim(),
    )
    .replace(REF_LINK, "$1");
}

/**
 * Shortcut references whose definition was dropped (`[Code of Conduct]` with a
 * `[Code of Conduct]: …` line) reduced to their text.
 */
export function unwrapShortcuts(text: string, labels: Set<string>): string {
  if (labels.size === 0) return text;
  return text.replace(/\[([^[\]\n]{1,300})\](?![(:[])/g, (all, label: string) =>
    labels.has(label.trim().toLowerCase()) ? label : all,
  );
}

/** Labels of the reference definitions among these lines. */
export function definitionLabels(lines: string[]): Set<string> {
  const labels = new Set<string>();
  for (const l of lines) {
    if (!REF_DEFINITION.test(l)) continue;
    const label = /\[([^\]\n]{1,300})\]/.exec(l)?.[1];
    if (label) labels.add(label.trim().toLowerCase());
  }
  return labels;
}
