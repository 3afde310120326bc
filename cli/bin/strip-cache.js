// @ts-check
/**
 * A start-up cache for the bin (fondation.js), which runs the TypeScript sources: Node
 * strips the types of every source file on every start, and for an offline refresh that was
 * about a third of the whole run. This keeps each file's stripped text in the user's cache
 * folder (one entry per source file, named by its path and checked against a hash of the
 * source, so an edited file is stripped again) and hands it to Node instead.
 *
 * Beside it, Node's own compile cache (`enableCodeCache`) keeps V8's compiled code of every
 * module, ours and node_modules' (zod, commander...), so that a start does not compile
 * ~1.6 MB of JavaScript again; Node checks each entry against the module's source.
 *
 * Anything unusual (an older Node without the hooks, no writable cache folder,
 * FONDATION_STRIP_CACHE=0) leaves Node's own loading alone. The production bundle has no
 * types to strip and does not use this. Plain JavaScript: a .ts file here would make Node
 * load its stripper on every start, which is what this avoids.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** @typedef {NonNullable<Parameters<typeof nodeModule.registerHooks>[0]["load"]>} LoadHook */

/**
 * Registers the hook; returns the cache folder, or undefined when it is not used.
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
export function enableStripCache(env = process.env) {
  const { registerHooks, stripTypeScriptTypes } = nodeModule;
  if (env.FONDATION_STRIP_CACHE === "0") return undefined;
  if (typeof registerHooks !== "function" || typeof stripTypeScriptTypes !== "function")
    return undefined;
  const dir = cacheFolder(env);
  if (!dir) return undefined;
  registerHooks({ load: stripCacheHook(dir, stripTypeScriptTypes) });
  return dir;
}

/**
 * Turns on Node's compile cache (V8 code of each module, checked by Node against its
 * source) in the same cache folder; returns the folder, or undefined when it is not used.
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
export function enableCodeCache(env = process.env) {
  if (env.FONDATION_STRIP_CACHE === "0") return undefined;
  const { enableCompileCache, constants } = nodeModule;
  if (typeof enableCompileCache !== "function") return undefined;
  // Node keeps one subfolder per version and V8 flags itself.
  const dir = cacheFolder(env, "v8");
  if (!dir) return undefined;
  const { status } = enableCompileCache(dir);
  return status === constants.compileCacheStatus.ENABLED ||
    status === constants.compileCacheStatus.ALREADY_ENABLED
    ? dir
    : undefined;
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} [name] the subfolder; per Node version by default
 * @returns {string | undefined}
 */
function cacheFolder(env, name = `strip-${process.version}`) {
  let base = env.XDG_CACHE_HOME;
  if (!base) {
    try {
      base = join(homedir(), ".cache");
    } catch {
      return undefined;
    }
  }
  // Per Node version: another version may strip differently.
  const dir = join(base, "fondation", name);
  try {
    // The user's own folder: what is cached here runs as their code.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} dir
 * @param {(code: string) => string} strip
 * @returns {LoadHook}
 */
export function stripCacheHook(dir, strip) {
  /** @param {string} data */
  const sha1 = (data) => createHash("sha1").update(data).digest("hex");
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
    /** @type {string | undefined} */
    let cached;
    try {
      cached = readFileSync(entry, "utf8");
    } catch {}
    if (cached?.startsWith(stamp))
      return { format: "module", source: cached.slice(stamp.length), shortCircuit: true };
    /** @type {string} */
    let stripped;
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
/**
 * @template T
 * @param {() => T} work
 * @returns {T}
 */
function quietly(work) {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return work();
  } finally {
    process.emitWarning = emitWarning;
  }
}
