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
    const head = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (head) {
      const name = (head[1] as string).replace(/"/g, "");
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
    section.set(key, [...(section.get(key) ?? []), ...values]);
  }
  return out;
}
