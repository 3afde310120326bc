/**
 * Makes sure web/.next holds a production build of the current sources before the local
 * stack runs `next start`: builds only when the build is missing or older than any source it
 * depends on (CI builds once in `pnpm test`, so this is usually a no-op).
 * Used by the orchestrator (start.ts) and the browser tests' stack (web/e2e/support).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Service, startService } from "./service.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WEB_DIR = join(ROOT, "web");
export const NEXT_BIN = join(WEB_DIR, "node_modules/next/dist/bin/next");
const BUILD_ID = join(WEB_DIR, ".next/BUILD_ID");

/** What a build is made of: the app, the Convex API it imports, the shared contracts. */
const SOURCES = ["web/src", "web/next.config.ts", "web/tsconfig.json", "convex", "shared/src"];
const SKIP = new Set(["node_modules", ".next", "tests", "test"]);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (SKIP.has(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function buildIsFresh(): boolean {
  if (!existsSync(BUILD_ID)) return false;
  const built = statSync(BUILD_ID).mtimeMs;
  return SOURCES.every((p) => newestMtime(join(ROOT, p)) <= built);
}

/**
 * Starts `next build` (in its own process group, so it can be stopped), without its type
 * check: `./run test` type-checks the whole workspace first (pnpm run check).
 */
export function startWebBuild(onLine?: (line: string) => void): Service {
  return startService("build", process.execPath, [NEXT_BIN, "build"], {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      FONDATION_BUILD_SKIP_TYPECHECK: "1",
    },
    onLine,
  });
}

/** Waits for a build started with startWebBuild; throws with the end of its output on failure. */
export async function finishWebBuild(build: Service): Promise<void> {
  const { code, signal } = await build.exited;
  if (code !== 0) {
    throw new Error(
      `next build failed (${signal ?? `exit ${code}`}); fix the build first:\n${build.tail()}`,
    );
  }
}

/** Builds when stale; a no-op when WEB_E2E_SKIP_BUILD=1 and a build exists. */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<void> {
  if (process.env.WEB_E2E_SKIP_BUILD === "1" && existsSync(BUILD_ID)) return;
  if (buildIsFresh()) return;
  log("web/.next is missing or older than the sources; running next build…");
  await finishWebBuild(startWebBuild());
}
