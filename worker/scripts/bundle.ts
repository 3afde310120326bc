/**
 * Builds the production bundles the worker image ships: worker/dist/worker.js and
 * cli/dist/fondation.js, each one self-contained ESM file (workspace packages and their
 * dependencies inlined). Node refuses to strip types under node_modules, so copying the
 * workspace's .ts packages into an image would not run; a bundle has no such problem and
 * needs no node_modules at all. worker/dist/clone-child.js is the clone process's entry.
 * Usage: node worker/scripts/bundle.ts [--outdir <dir>]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type BuildOptions, build } from "esbuild";

const root = fileURLToPath(new URL("../../", import.meta.url));

// CommonJS dependencies (pino, isomorphic-git's http client…) call require():
// give the ESM bundle a real one.
const banner = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __dirname_ } from 'node:path';",
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  "const __dirname = __dirname_(__filename);",
].join("\n");

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: "linked",
  legalComments: "none",
  banner: { js: banner },
  logLevel: "warning",
  // Loaded only when LOG_PRETTY is set in development; absent from the image.
  external: ["pino-pretty"],
};

export async function bundle(
  outDir: string = root,
): Promise<{ worker: string; cloneChild: string; cli: string }> {
  const worker = join(outDir, "worker/dist/worker.js");
  // The clone runs in its own process (src/git/cloneProcess.ts), from this file beside worker.js.
  const cloneChild = join(outDir, "worker/dist/clone-child.js");
  const cli = join(outDir, "cli/dist/fondation.js");
  await mkdir(join(outDir, "worker/dist"), { recursive: true });
  await mkdir(join(outDir, "cli/dist"), { recursive: true });
  await build({ ...common, entryPoints: [join(root, "worker/src/main.ts")], outfile: worker });
  await build({
    ...common,
    entryPoints: [join(root, "worker/src/git/cloneChild.ts")],
    outfile: cloneChild,
  });
  await build({ ...common, entryPoints: [join(root, "cli/src/main.ts")], outfile: cli });
  // Each bundle is ESM: a package.json beside it says so to Node.
  for (const dir of ["worker/dist", "cli/dist"]) {
    await writeFile(join(outDir, dir, "package.json"), '{ "type": "module" }\n');
  }
  return { worker, cloneChild, cli };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Parsed here only: a script importing bundle() has its own flags.
  const { values } = parseArgs({ options: { outdir: { type: "string" } } });
  const { worker, cli } = await bundle(values.outdir ?? root);
  process.stdout.write(`${worker}\n${cli}\n`);
}
