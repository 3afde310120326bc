/**
 * Makes sure web/.next holds a production build of the current sources before the
 * end-to-end stack runs `next start`: builds only when the build is missing or older than
 * any source it depends on (CI builds once in `pnpm test`, so this is usually a no-op).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../../worker/test/support/e2e.ts";

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

export function ensureWebBuild(log: (line: string) => void = () => {}): void {
  if (process.env.WEB_E2E_SKIP_BUILD === "1" && existsSync(BUILD_ID)) return;
  if (buildIsFresh()) return;
  log("web-e2e: web/.next is missing or older than the sources; running next build…");
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: WEB_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(
      `next build failed (exit ${result.status}); fix the build first:\n${(result.stdout + result.stderr).slice(-4_000)}`,
    );
  }
}
