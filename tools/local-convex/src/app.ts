import { existsSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { SchemaDefinition } from "convex/server";
import { bundleFunctions, entryPoints, importBundled } from "./bundle.ts";
import { installExtensionlessImports } from "./resolve-hooks.ts";

/** What the server needs from a Convex app folder (the one holding schema.ts and _generated/). */
export interface LoadedApp {
  functionsDir: string;
  /** For convex-test: absolute path → lazy import; one key contains `_generated`. */
  modules: Record<string, () => Promise<Record<string, unknown>>>;
  schema: SchemaDefinition<never, boolean> | undefined;
  authConfig: AuthConfig;
  crons: CronsDefinition | undefined;
  /** Whether `http.ts` exports a router by default: HTTP actions are served (http-actions.ts). */
  hasHttpRouter: boolean;
  /** "messages" → the module's exports. */
  loadModule(modulePath: string): Promise<Record<string, unknown>>;
}

export interface AuthProviderConfig {
  type?: string;
  domain?: string;
  applicationID?: string;
  issuer?: string;
  jwks?: string;
  algorithm?: string;
}

export interface AuthConfig {
  providers: AuthProviderConfig[];
}

export interface CronsDefinition {
  crons: Record<string, { name: string; args: unknown[]; schedule: Record<string, unknown> }>;
}

const SOURCE_FILE = /\.(ts|tsx|js|jsx|mts|mjs|cts|cjs)$/;

/** Loads a bundled module; an error thrown while it loads names the module, as on deploy. */
async function evaluate(url: string, modulePath: string): Promise<Record<string, unknown>> {
  try {
    return importBundled(url);
  } catch (error) {
    // The error and where it was thrown in the app, without Node's loader frames.
    const detail =
      error instanceof Error
        ? (error.stack ?? error.message)
            .split("\n")
            .filter((line) => !/\(node:|at node:|local-convex\/src\//.test(line))
            .join("\n")
        : String(error);
    throw new Error(`Failed to analyze ${modulePath}.js: Uncaught ${detail}`);
  }
}

export async function loadApp(functionsDirInput: string): Promise<LoadedApp> {
  installExtensionlessImports();
  const functionsDir = resolve(functionsDirInput);
  if (!existsSync(functionsDir) || !statSync(functionsDir).isDirectory()) {
    throw new Error(`Functions folder not found: ${functionsDir}. Pass --functions <dir>.`);
  }
  if (!existsSync(join(functionsDir, "_generated"))) {
    throw new Error(
      `${functionsDir} has no _generated/ folder. Run \`pnpm exec convex codegen --system-udfs --typecheck disable\` in the app folder first.`,
    );
  }
  // Bundled like `convex dev` bundles them (src/bundle.ts): schema.ts and auth.config.ts
  // are bundled on their own by the CLI; here they join the one build.
  const files = entryPoints(functionsDir);
  const extras = ["schema.ts", "schema.js", "auth.config.ts", "auth.config.js"]
    .map((name) => join(functionsDir, name))
    .filter((file) => existsSync(file));
  const bundle = await bundleFunctions(functionsDir, [...files, ...extras]);
  const modules: LoadedApp["modules"] = {};
  const loaded = new Map<string, Record<string, unknown>>();
  const pathOf = (file: string) =>
    relative(functionsDir, file).split(sep).join("/").replace(SOURCE_FILE, "");
  // Every module is evaluated now, so one that throws while loading stops the start-up
  // (the real deployment refuses the push) instead of hiding its functions.
  for (const file of [...files, ...extras]) {
    const url = bundle.urls.get(file) as string;
    loaded.set(pathOf(file), await evaluate(url, pathOf(file)));
  }
  for (const file of files) {
    const exports = loaded.get(pathOf(file)) as Record<string, unknown>;
    modules[file] = async () => exports;
  }
  // convex-test finds the app root from the one key that contains "_generated".
  const generated = join(functionsDir, "_generated", "api.js");
  modules[generated] = async () => ({});
  const optional = (name: string) =>
    (loaded.get(name) as { default?: unknown } | undefined)?.default;
  const schema = optional("schema") as LoadedApp["schema"];
  const crons = optional("crons") as CronsDefinition | undefined;
  const authConfig = (optional("auth.config") as AuthConfig | undefined) ?? { providers: [] };
  const router = optional("http") as { lookup?: unknown } | undefined;
  return {
    functionsDir,
    modules,
    schema,
    authConfig: { providers: authConfig?.providers ?? [] },
    crons: crons && typeof crons === "object" && "crons" in crons ? crons : undefined,
    hasHttpRouter: typeof router?.lookup === "function",
    async loadModule(modulePath) {
      const exports = files.some((file) => pathOf(file) === modulePath)
        ? loaded.get(modulePath)
        : undefined;
      if (exports === undefined) throw new Error(`No module "${modulePath}" in ${functionsDir}`);
      return exports;
    },
  };
}
