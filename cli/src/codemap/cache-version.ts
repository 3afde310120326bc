/**
 * The version stamped on a code map cache (cache.ts): it changes whenever the mapper's code
 * does, so that entries mapped by another version never match. From the sources, a hash of
 * the mapper's files (codemap/, scan/, the one file they use from elsewhere and the offline
 * facts kept with each entry); from a
 * bundle, where those files are not on disk, the bundle's own size and time (a rebuilt
 * bundle starts a new cache).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

let memo: string | undefined;

export function mapperVersion(): string {
  memo ??= compute();
  return memo;
}

function compute(): string {
  const hash = createHash("sha1");
  const src = join(import.meta.dirname, "..");
  if (!existsSync(join(import.meta.dirname, "file.ts"))) {
    const self = statSync(import.meta.filename);
    hash.update(`bundle\0${self.size}\0${self.mtimeMs}`);
    return hash.digest("hex").slice(0, 16);
  }
  const files = ["codemap", "scan"].flatMap((dir) =>
    readdirSync(join(src, dir))
      .filter((name) => name.endsWith(".ts"))
      .map((name) => `${dir}/${name}`),
  );
  // offline/facts.ts: the per-file facts kept with each entry.
  for (const rel of [...files.sort(), "offline/facts.ts", "offline/prose/boilerplate.ts"])
    hash
      .update(rel)
      .update("\0")
      .update(readFileSync(join(src, rel)))
      .update("\0");
  return hash.digest("hex").slice(0, 16);
}
