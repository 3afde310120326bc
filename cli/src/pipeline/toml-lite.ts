/**
 * Enough TOML to read manifests (pyproject.toml, setup.cfg, Cargo.toml): sections, then
 * `key = "v"` or `key = ["a", "b"]`. Not a TOML parser: what it cannot read it skips.
 *
 * Read by entrypoints.ts.
 */

/** Section name ("" before the first) -> key -> its string values. */
export type TomlLite = Map<string, Map<string, string[]>>;

/** Enough TOML for manifests: `[section]` / `[[section]]`, then `key = "v"` or `["a", "b"]`. */
export function parseTomlLite(text: string): TomlLite {
  const out: TomlLite = new Map();
  let section = new Map<string, string[]>();
  out.set("", section);
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const head = sectionName(line);
    if (head !== undefined) {
      const name = head.replace(/"/g, "");
      section = out.get(name) ?? new Map();
      out.set(name, section);
      continue;
    }
    const kv = /^("?[\w.-]+"?)\s*[=:]\s*(.+)$/.exec(line);
    if (!kv) continue;
    const key = (kv[1] as string).replace(/"/g, "");
    const strings = [...(kv[2] as string).matchAll(/"([^"]*)"|'([^']*)'/g)].map(
      (m) => (m[1] ?? m[2]) as string,
    );
    const values = strings.length > 0 ? strings : [(kv[2] as string).trim()];
    // Appended in place: copying the list for each repeated key is quadratic.
    const list = section.get(key);
    if (list) for (const v of values) list.push(v);
    else section.set(key, values);
  }
  return out;
}

/**
 * `a.b` of a `[a.b]` or `[[a.b]]` line, else undefined. Not a regex: a lazy name between two
 * runs of spaces (`\s*(.+?)\s*`) costs the square of the spaces on a hostile header.
 */
function sectionName(line: string): string | undefined {
  if (!line.startsWith("[") || !line.endsWith("]")) return undefined;
  const inner = line.slice(line.startsWith("[[") ? 2 : 1, line.endsWith("]]") ? -2 : -1).trim();
  return inner !== "" && !inner.includes("]") ? inner : undefined;
}
