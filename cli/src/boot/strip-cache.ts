/**
 * A start-up cache for the bin (bin/fondation.js), which runs the TypeScript sources: Node
 * strips the types of every source file on every start, and for an offline refresh that was
 * about a third of the whole run. This keeps each file's stripped text in the user's cache
 * folder (one entry per source file, named by its path and checked against a hash of the
 * source, so an edited file is stripped again) and hands it to Node instead.
 *
 * Anything unusual (an older Node without the hooks, no writable cache folder,
 * FONDATION_STRIP_CACHE=0) leaves Node's own loading alone. The production bundle has no
 * types to strip and does not use this.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

type LoadHook = NonNullable<Parameters<typeof nodeModule.registerHooks>[0]["load"]>;

/** Registers the hook; returns the cache folder, or undefined when it is not used. */
export function enableStripCache(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { registerHooks, stripTypeScriptTypes } = nodeModule;
  if (env.FONDATION_STRIP_CACHE === "0") return undefined;
  if (typeof registerHooks !== "function" || typeof stripTypeScriptTypes !== "function")
    return undefined;
  const dir = cacheFolder(env);
  if (!dir) return undefined;
  registerHooks({ load: stripCacheHook(dir, stripTypeScriptTypes) });
  return dir;
}

function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    try {
      base = join(homedir(), ".cache");
    } catch {
      return undefined;
    }
  }
  // Per Node version: another version may strip differently.
  const dir = join(base, "fondation", `strip-${process.version}`);
  try {
    // The user's own folder: what is cached here runs as their code.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  } catch {
    return undefined;
  }
}

export function stripCacheHook(dir: string, strip: (code: string) => string): LoadHook {
  const sha1 = (data: string | Buffer) => createHash("sha1").update(data).digest("hex");
  return (url, context, nextLoad) => {
    // ESM TypeScript of our own packages only: Node never strips under node_modules.
    if (
      !url.startsWith("file:") ||
      !url.endsWith(".ts") ||
      url.includes("/node_modules/") ||
      (context.format !== undefined && context.format !== "module-typescript")
    )
      return nextLoad(url, context);
    const path = fileURLToPath(url);
    const source = readFileSync(path, "utf8");
    const stamp = `// ${sha1(source)}\n`;
    const entry = join(dir, `${sha1(path)}.js`);
    let cached: string | undefined;
    try {
      cached = readFileSync(entry, "utf8");
    } catch {}
    if (cached?.startsWith(stamp))
      return { format: "module", source: cached.slice(stamp.length), shortCircuit: true };
    let stripped: string;
    try {
      stripped = quietly(() => strip(source));
    } catch {
      // Syntax Node cannot strip: its own loading reports it as it always does.
      return nextLoad(url, context);
    }
    try {
      const tmp = `${entry}.${process.pid}`;
      writeFileSync(tmp, stamp + stripped, { mode: 0o600 });
      renameSync(tmp, entry);
    } catch {
      // A cache that cannot be written only costs the next start its stripping again.
    }
    return { format: "module", source: stripped, shortCircuit: true };
  };
}

/**
 * Runs `work` without Node's one-time "stripTypeScriptTypes is an experimental feature"
 * warning: the bin strips what Node would have stripped anyway, the warning says nothing
 * to the person running it.
 */
function quietly<T>(work: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return work();
  } finally {
    process.emitWarning = emitWarning;
  }
}
