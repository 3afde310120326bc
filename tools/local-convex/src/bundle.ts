import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire, registerHooks } from "node:module";
import { basename, extname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Message } from "esbuild";

/**
 * Bundles an app's Convex folder the way `convex dev` does before pushing (esbuild, ESM,
 * tree-shaken, TypeScript types erased, shared code split into chunks), so a module that
 * loads here loads there and the reverse: type-only imports written as value imports work,
 * and a syntax error stops the start-up with esbuild's file:line message. Packages
 * (`convex/*`, npm, workspace) stay external and load from the app's node_modules, so the
 * functions share one `convex` with convex-test. Written by app.ts at start; the bundle
 * lives in memory and is served to Node's loader by the hooks below.
 */

/** Thrown when the folder does not bundle, with esbuild's messages (file:line:column). */
export class BundleError extends Error {}

const ENTRY_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"]);

/** The files the real CLI treats as function modules (its entry-point rules). */
export function entryPoints(functionsDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        // A nested component (its own convex.config.ts) is not part of this app.
        if (entry.name !== "node_modules" && !existsSync(join(path, "convex.config.ts"))) {
          walk(path);
        }
        continue;
      }
      const rel = relative(functionsDir, path);
      const name = basename(path);
      if (!ENTRY_EXTENSIONS.has(extname(name).toLowerCase())) continue;
      if (rel.startsWith(`_generated${sep}`) || name.startsWith(".") || name.startsWith("#"))
        continue;
      if (name === "schema.ts" || name === "schema.js") continue;
      // "foo.test.ts", "auth.config.ts": files with several dots are not modules.
      if ((name.match(/\./g) ?? []).length > 1 || rel.includes(" ")) continue;
      if (/\.tsx?$/.test(name) && !/^\s{0,100}(import|export)/m.test(readFileSync(path, "utf8")))
        continue;
      found.push(path);
    }
  };
  walk(functionsDir);
  return found;
}

/** file:// URL → bundled source, for the loader hooks. */
const served = new Map<string, string>();
let hooksInstalled = false;

function installBundleHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const direct = specifier.startsWith("/") ? pathToFileURL(specifier).href : specifier;
      if (served.has(direct)) return { url: direct, format: "module", shortCircuit: true };
      if (context.parentURL && served.has(context.parentURL) && /^\.{1,2}\//.test(specifier)) {
        const url = new URL(specifier, context.parentURL).href;
        if (served.has(url)) return { url, format: "module", shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      const source = served.get(url);
      if (source !== undefined) return { format: "module", source, shortCircuit: true };
      return nextLoad(url, context);
    },
  });
}

function formatMessages(messages: Message[]): string {
  return messages
    .map((m) => {
      const where = m.location
        ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: `
        : "";
      const line = m.location?.lineText ? `\n    ${m.location.lineText.trim()}` : "";
      return `${where}${m.text}${line}`;
    })
    .join("\n");
}

export interface Bundle {
  /** Absolute source path (e.g. /app/convex/messages.ts) → URL of its bundled module. */
  urls: Map<string, string>;
}

// Counts bundles, so a restarted server in the same process gets fresh module instances.
let generation = 0;

/** Bundles `files` (absolute paths under `functionsDir`); fails with esbuild's errors. */
export async function bundleFunctions(functionsDir: string, files: string[]): Promise<Bundle> {
  installBundleHooks();
  // Stack traces of errors in functions point at the app's .ts files (inline source maps).
  process.setSourceMapsEnabled(true);
  generation += 1;
  // A path inside the app folder that does not exist on disk: bare imports from the bundle
  // then resolve from the app's node_modules, as its sources' would.
  const outdir = join(functionsDir, `.local-convex-bundle-${process.pid}-${generation}`);
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({
      entryPoints: files,
      absWorkingDir: functionsDir,
      bundle: true,
      // The real CLI bundles for the Convex runtime ("browser"); here everything runs in
      // Node, and packages stay external, so Node's platform rules apply to them.
      platform: "node",
      format: "esm",
      target: "esnext",
      jsx: "automatic",
      outdir,
      outbase: functionsDir,
      packages: "external",
      conditions: ["convex", "module"],
      splitting: true,
      chunkNames: "_deps/[hash]",
      treeShaking: true,
      keepNames: true,
      sourcemap: "inline",
      define: { "process.env.NODE_ENV": '"production"' },
      write: false,
      logLevel: "silent",
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (!errors) throw error;
    throw new BundleError(
      `The functions in ${functionsDir} do not bundle (as \`npx convex dev\` would refuse them):\n${formatMessages(errors)}`,
    );
  }
  const urls = new Map<string, string>();
  for (const output of result.outputFiles ?? []) {
    served.set(pathToFileURL(output.path).href, output.text);
  }
  for (const file of files) {
    const rel = relative(functionsDir, file).replace(/\.[^./]+$/, ".js");
    urls.set(file, pathToFileURL(join(outdir, rel)).href);
  }
  return { urls };
}

// Node's own loader (require of an ES module, which Node 22 supports): test runners that
// transform this file route import() through their own module graph, which cannot see the
// in-memory bundle. Convex modules cannot use top-level await, so nothing is lost.
const nativeRequire = createRequire(import.meta.url);

export function importBundled(url: string): Record<string, unknown> {
  return nativeRequire(fileURLToPath(url)) as Record<string, unknown>;
}
