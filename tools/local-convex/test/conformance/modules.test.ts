import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startLocalConvex } from "../../src/index.ts";
import {
  CONFORMANCE_APP,
  CONFORMANCE_FUNCTIONS,
  newRun,
  startTarget,
  type Target,
} from "./target.ts";

// Modules load the way `convex dev` bundles them: with esbuild, so type-only imports written
// as value imports work, and a module that cannot load stops the start-up with its error.

const add = makeFunctionReference<"mutation">("typeImports:add");
const names = makeFunctionReference<"query">("typeImports:names");

describe("module loading", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  test("serves a module whose type-only imports are written as value imports", async () => {
    const client = target.client();
    const run = newRun();
    await client.mutation(add, { run, name: "first" });
    expect(await client.query(names, { run })).toEqual(["first"]);
  });
});

/** A copy of the conformance app with one extra module (beside it, to share node_modules). */
function appWith(file: string, source: string): string {
  const dir = mkdtempSync(join(CONFORMANCE_APP, "..", "tmp-modules-"));
  cpSync(CONFORMANCE_FUNCTIONS, dir, { recursive: true });
  writeFileSync(join(dir, file), source);
  return dir;
}

// Start-up failures are local-convex's own behaviour (a real deployment refuses the push).
describe("a module that does not load stops the start-up", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test("a syntax error is reported with its file and line", async () => {
    const dir = appWith(
      "broken.ts",
      'import { query } from "./_generated/server";\n\nexport const q = query({ handler: async () => { return 1 +; } });\n',
    );
    dirs.push(dir);
    const started = startLocalConvex({ functionsDir: dir, crons: false });
    await expect(started).rejects.toThrow(/broken\.ts:3:\d+: Unexpected ";"/);
  });

  test("an error thrown while a module loads names the module, the error and its line", async () => {
    const dir = appWith(
      "throws.ts",
      'import { query } from "./_generated/server";\n\nthrow new Error("configuration missing");\nexport const q = query({ handler: async () => 1 });\n',
    );
    dirs.push(dir);
    // Through the command line, as a user sees it (the test runner rewrites stack traces).
    const main = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
    const failed = await promisify(execFile)(process.execPath, [
      main,
      "--functions",
      dir,
      "--port",
      "0",
    ]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(
      /could not start: Failed to analyze throws\.js: Uncaught Error: configuration missing\n\s+at .*throws\.ts:3:7/,
    );
  });

  test("an import of a file that does not exist is reported with the importing file", async () => {
    const dir = appWith(
      "missing.ts",
      'import { helper } from "./lib/nothing";\nexport const x = helper;\n',
    );
    dirs.push(dir);
    await expect(startLocalConvex({ functionsDir: dir, crons: false })).rejects.toThrow(
      /missing\.ts:1:\d+: Could not resolve "\.\/lib\/nothing"/,
    );
  });
});
