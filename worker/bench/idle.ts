/**
 * An idle worker (connected, subscribed, nothing queued) over 60 s: RSS and CPU time, read
 * from /proc. Usage: node worker/bench/idle.ts [--seconds 60]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startE2E } from "../test/support/e2e.ts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "60" } } });
const seconds = Number(values.seconds);
const ticks = 100; // USER_HZ on Linux

function sample(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const cpuMs = ((Number(stat[11]) + Number(stat[12])) * 1000) / ticks; // utime + stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return { cpuMs, rssMb: rssKb / 1024 };
}

const e2e = await startE2E();
try {
  const worker = e2e.startWorker({ id: "idle", env: { LOG_LEVEL: "info" } });
  await worker.healthPort;
  await new Promise((r) => setTimeout(r, 3_000)); // past start-up
  const pid = worker.child.pid as number;
  const start = sample(pid);
  await new Promise((r) => setTimeout(r, seconds * 1_000));
  const end = sample(pid);
  worker.child.kill("SIGTERM");
  await worker.exited;
  process.stdout.write(
    `idle worker over ${seconds} s: RSS ${start.rssMb.toFixed(1)} → ${end.rssMb.toFixed(1)} MB; ` +
      `CPU ${(end.cpuMs - start.cpuMs).toFixed(0)} ms (${((100 * (end.cpuMs - start.cpuMs)) / (seconds * 1000)).toFixed(2)} % of one core)\n`,
  );
} finally {
  await e2e.close();
}
