/**
 * A stand-in for a worker in cloneSpare.test.ts: forks a warm clone process as the worker
 * does after a clone, prints its pid once it runs, then waits to be killed.
 */
import { cloneChildPath } from "../../src/git/cloneProcess.ts";
import { spareClonePid, warmCloneProcess } from "../../src/git/cloneSpare.ts";

warmCloneProcess({ entry: cloneChildPath(), execArgv: [], env: { PATH: process.env.PATH ?? "" } });
const wait = setInterval(() => {
  const pid = spareClonePid();
  if (pid === undefined) return;
  clearInterval(wait);
  process.stdout.write(`${pid}\n`);
  setInterval(() => {}, 60_000); // the spare is unref'd: this keeps the stand-in running
}, 10);
