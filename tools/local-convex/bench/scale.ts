/**
 * The embedded stack at scale, both tables in one run: the backend as it fills
 * (bench/growth.ts, run as its own process when present) and then the worker throughput
 * against the polling baseline (bench/throughput.ts).
 * Usage: node tools/local-convex/bench/scale.ts [throughput flags] [-- growth flags]
 *   e.g. node tools/local-convex/bench/scale.ts --jobs 50 --workers 1,8 -- --courses 0,10
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { formatThroughput, runThroughput, throughputOptions } from "./throughput.ts";

const argv = process.argv.slice(2);
const split = argv.indexOf("--");
const ownArgs = split >= 0 ? argv.slice(0, split) : argv;
const growthArgs = split >= 0 ? argv.slice(split + 1) : [];

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
process.stdout.write(`load average at start: ${load()}\n\n`);

const growth = fileURLToPath(new URL("./growth.ts", import.meta.url));
if (existsSync(growth)) {
  const run = spawnSync(process.execPath, [growth, ...growthArgs], { stdio: "inherit" });
  if (run.status !== 0) process.stdout.write(`growth benchmark exited with ${run.status}\n`);
  process.stdout.write("\n");
} else {
  process.stdout.write("(bench/growth.ts is not there yet: growth table skipped)\n\n");
}

const options = throughputOptions(ownArgs);
const rows = await runThroughput(options);
process.stdout.write(`${formatThroughput(rows, options)}\nload average at end: ${load()}\n`);
