import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { SchemaDefinition } from "convex/server";
import { installExtensionlessImports } from "./resolve-hooks.ts";

/** What the server needs from a Convex app folder (the one holding schema.ts and _generated/). */
export interface LoadedApp {
  functionsDir: string;
  /** For convex-test: absolute path → lazy import; one key contains `_generated`. */
  modules: Record<string, () => Promise<Record<string, unknown>>>;
  schema: SchemaDefinition<never, boolean> | undefined;
  authConfig: AuthConfig;
  crons: CronsDefinition | undefined;
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

const SOURCE_FILE = /\.(ts|js|mts|mjs)$/;
const NOT_A_MODULE = /(\.d\.ts|\.test\.ts|\.spec\.ts|\.config\.ts)$/;

function listSourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "node_modules" && !name.startsWith(".")) files.push(...listSourceFiles(path));
    } else if (SOURCE_FILE.test(name) && !NOT_A_MODULE.test(name)) {
      files.push(path);
    }
  }
  return files;
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
  const importFile = (path: string) => import(pathToFileURL(path).href);
  const modules: LoadedApp["modules"] = {};
  const byModulePath = new Map<string, string>();
  for (const file of listSourceFiles(functionsDir)) {
    modules[file] = () => importFile(file);
    const modulePath = relative(functionsDir, file).split(sep).join("/").replace(SOURCE_FILE, "");
    byModulePath.set(modulePath, file);
  }
  const optional = async (name: string) => {
    const file = byModulePath.get(name) ?? join(functionsDir, `${name}.ts`);
    return existsSync(file)
      ? ((await importFile(file)) as { default?: unknown }).default
      : undefined;
  };
  const schema = (await optional("schema")) as LoadedApp["schema"];
  const crons = (await optional("crons")) as CronsDefinition | undefined;
  const authFile = join(functionsDir, "auth.config.ts");
  const authConfig = existsSync(authFile)
    ? ((await importFile(authFile)).default as AuthConfig)
    : { providers: [] };
  return {
    functionsDir,
    modules,
    schema,
    authConfig: { providers: authConfig?.providers ?? [] },
    crons: crons && typeof crons === "object" && "crons" in crons ? crons : undefined,
    async loadModule(modulePath) {
      const file = byModulePath.get(modulePath);
      if (file === undefined || modulePath.startsWith("_generated")) {
        throw new Error(`No module "${modulePath}" in ${functionsDir}`);
      }
      return (await importFile(file)) as Record<string, unknown>;
    },
  };
}
