/**
 * A stand-in for a worker in the kill -9 test of tempFolders.test.ts: makes a job folder
 * and runs a CLI in it as the worker does (runCli, recorded right after spawn), prints
 * `{ jobDir, cliPid }` once the CLI is recorded, then waits to be killed.
 * Usage: node jobOwner.ts <tempDir> <cliPath>
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../../src/cli/runCli.ts";
import { makeJobFolder, recordCliChild } from "../../src/runner/tempFolders.ts";

const [tempDir, cliPath] = process.argv.slice(2) as [string, string];
const jobDir = await makeJobFolder(tempDir, "kill9", 1);
const outDir = join(jobDir, "out");
await mkdir(outDir);
void runCli({
  cliPath,
  repoDir: join(jobDir, "src"),
  outDir,
  language: "en",
  model: "m",
  resume: false,
  env: {},
  timeoutMs: 120_000,
  killGraceMs: 500,
  redact: (s) => s,
  onEvent: () => {},
  onSpawn: (cliPid) => {
    recordCliChild(jobDir, cliPid);
    process.stdout.write(`${JSON.stringify({ jobDir, cliPid })}\n`);
  },
});
