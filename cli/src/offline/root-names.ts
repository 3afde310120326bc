/**
 * The names a package root hands to its users by name: Rust `pub use a::{B, C}`, JS/TS
 * `export { B } from`, `module.exports = { B }`, Python `from .app import Flask`. They are
 * the public API the crate or package chose to show, where the rest is reached through it.
 *
 * Also what a README's examples import by name (`import { initTRPC } from`): where a user
 * starts. Read by core.ts (findCore), which ranks these names' declarations higher.
 */
const RE_EXPORTS = [
  /\bpub\s+use\s+([^;]+);/g,
  /\bexport\s+(?:type\s+)?\{([^}]*)\}/g,
  /\bmodule\.exports\s*=\s*\{([^}]*)\}/g,
  /^from\s+[\w.]+\s+import\s+(\([^)]*\)|[^\n]+)/gm,
];
const WORD = /[A-Za-z_$][\w$]*/g;
/** Path words and keywords of those statements, never a declaration of the project. */
const NOT_NAMES = new Set(["crate", "self", "super", "as", "type", "pub", "from", "import"]);

/** How a user's code imports names by name (a README's examples). */
const IMPORTS = [
  /\bimport\s+(?:type\s+)?\{([^}]*)\}\s*from\b/g,
  /^from\s+[\w.]+\s+import\s+(\([^)]*\)|[^\n]+)/gm,
  /\buse\s+[\w]+::([^;]+);/g,
];

/** The names these entry files' texts re-export or import by name. */
export function rootNames(texts: string[]): Set<string> {
  return namesIn(texts, RE_EXPORTS);
}

/** The names a user's code (the README's examples) imports by name: where it starts from. */
export function importedNames(texts: string[]): Set<string> {
  return namesIn(texts, IMPORTS);
}

function namesIn(texts: string[], patterns: RegExp[]): Set<string> {
  const names = new Set<string>();
  for (const text of texts)
    for (const re of patterns)
      for (const m of text.matchAll(re))
        for (const w of (m[1] as string).matchAll(WORD)) if (!NOT_NAMES.has(w[0])) names.add(w[0]);
  return names;
}
