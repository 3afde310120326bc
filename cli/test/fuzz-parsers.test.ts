/**
 * Hostile text through every parser (issue 11: 400 KB of `[` in one Markdown file cost
 * 250 s of CPU). Each case runs in a child process and reports the CPU time of each
 * parser on it; every parser must stay well under a second of CPU per file, whatever the
 * load on the machine (thread CPU time, not wall time; a watchdog kills a child that
 * would run for minutes).
 */
import { describe, expect, it } from "vitest";
import { CASES, PARSERS, runCaseInChild } from "./support/fuzz-cases.ts";

const CPU_BUDGET_MS = 1_000;

describe("parsers on hostile input", () => {
  it.concurrent.each(Object.keys(CASES))(
    "%s: every parser under 1 s of CPU",
    async (name) => {
      const run = await runCaseInChild(name, 40_000);
      expect(run.killedIn, `still running after 40 s: ${run.killedIn}`).toBeUndefined();
      expect(run.stderr).toBe("");
      expect(run.results.map((r) => r.parser)).toEqual(Object.keys(PARSERS));
      const slow = run.results.filter((r) => r.cpuMs >= CPU_BUDGET_MS);
      expect(slow, `over ${CPU_BUDGET_MS} ms of CPU`).toEqual([]);
    },
    120_000,
  );
});
