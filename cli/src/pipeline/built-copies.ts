/**
 * Build output shipped beside its TypeScript source (`v4/x.js`, `v4/x.cjs`, `v4/x.d.ts`
 * beside `src/v4/x.ts`): the same code twice, which must be neither ranked nor cited.
 *
 * Read by the central-file ranking (centrality.ts) and the offline course (offline/core.ts).
 */
import type { MapFile } from "../types.ts";

/**
 * JavaScript and declaration files that are the build of a TypeScript source shipped beside
 * them: same path under `src/` (or beside it, or behind a build folder), same name with `.ts`.
 */
export function builtCopies(files: MapFile[]): Set<string> {
  const sources = new Set<string>();
  for (const f of files)
    if (/\.(m|c)?tsx?$/.test(f.path) && !/\.d\.(m|c)?ts$/.test(f.path))
      sources.add(f.path.replace(/\.(m|c)?tsx?$/, ""));
  const built = new Set<string>();
  if (sources.size === 0) return built;
  for (const f of files) {
    const m = /^(.*?)(\.d)?\.(m|c)?(j|t)sx?$/.exec(f.path);
    if (!m || (!m[2] && m[4] === "t")) continue;
    const stem = (m[1] as string).replace(/^(dist|build|out|lib|esm|cjs)\//, "");
    if (sources.has(`src/${stem}`) || sources.has(m[1] as string)) built.add(f.path);
  }
  return built;
}
