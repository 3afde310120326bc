/**
 * CPU time of every parser on the hostile inputs of test/support/fuzz-cases.ts: per case
 * the slowest parser, then the worst of all. Each case runs in a child process; one that
 * runs past the watchdog is reported as such (">N s").
 *
 *   node cli/bench/fuzz.ts [watchdog seconds, default 60] [case name...]
 */
import { CASES, runCaseInChild } from "../test/support/fuzz-cases.ts";

const watchdogS = Number(process.argv[2] ?? 60) || 60;
const names = process.argv.length > 3 ? process.argv.slice(3) : Object.keys(CASES);
let worst = { name: "", parser: "", cpuMs: -1, killed: false };
for (const name of names) {
  const run = await runCaseInChild(name, watchdogS * 1000);
  const slowest = run.results.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a), {
    parser: "-",
    cpuMs: 0,
  });
  if (run.killedIn) {
    process.stdout.write(`${name.padEnd(32)} > ${watchdogS} s in ${run.killedIn}\n`);
    worst = { name, parser: run.killedIn, cpuMs: watchdogS * 1000, killed: true };
    continue;
  }
  process.stdout.write(
    `${name.padEnd(32)} ${slowest.cpuMs.toFixed(0).padStart(6)} ms  ${slowest.parser}\n`,
  );
  if (!worst.killed && slowest.cpuMs > worst.cpuMs)
    worst = { name, parser: slowest.parser, cpuMs: slowest.cpuMs, killed: false };
}
process.stdout.write(
  `worst: ${worst.name} / ${worst.parser}: ${worst.killed ? `> ${watchdogS} s` : `${worst.cpuMs.toFixed(0)} ms`} of CPU\n`,
);
