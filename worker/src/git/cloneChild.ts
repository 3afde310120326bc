/**
 * The clone process: `node --max-old-space-size=… cloneChild.ts` (worker/dist/clone-child.js
 * in the bundle), forked by cloneProcess.ts for one clone and killed when it is over its
 * memory cap, its time, or canceled. Receives the clone's options over IPC (the token too:
 * never in argv or the environment), runs cloneRepository (clone.ts), answers with the
 * result or the JobFailure, and exits. It offers itself to the kernel's OOM killer first.
 */

import type { LookupAddress } from "node:dns";
import { writeFileSync } from "node:fs";
import { isJobFailure } from "../jobFailure.ts";
import { isDiskFull } from "../runner/diskSpace.ts";
import { type CloneOptions, cloneRepository } from "./clone.ts";

/** What the worker sends: CloneOptions without functions (the resolver is a fixed table). */
export type CloneRequest = Omit<CloneOptions, "signal" | "onProgress" | "network"> & {
  /** Tests only: name → addresses instead of the system resolver; a test CA. */
  network?: { hosts?: Record<string, LookupAddress[]>; ca?: string } | undefined;
};

export type CloneReply =
  | { kind: "done"; result: Awaited<ReturnType<typeof cloneRepository>>; peakRssBytes: number }
  | { kind: "failed"; code: string; message: string; retryable: boolean; peakRssBytes: number };

try {
  // If the machine runs out of memory before the watchdog acts, the kernel kills this
  // process rather than the worker (raising one's own score needs no privilege).
  writeFileSync("/proc/self/oom_score_adj", "1000");
} catch {
  // not Linux, or /proc not writable: the watchdog still holds
}

const send = (reply: CloneReply) =>
  new Promise<void>((resolve) => {
    if (!process.send) return resolve();
    process.send(reply, () => resolve());
  });
const peak = () => process.resourceUsage().maxRSS * 1024;

process.once("message", async (request: CloneRequest) => {
  const hosts = request.network?.hosts;
  try {
    const result = await cloneRepository({
      ...request,
      network: {
        ...(request.network?.ca ? { ca: request.network.ca } : {}),
        ...(hosts
          ? {
              resolve: async (name: string) => {
                const answer = hosts[name.toLowerCase()];
                if (!answer)
                  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: "ENOTFOUND" });
                return answer;
              },
            }
          : {}),
      },
    });
    await send({ kind: "done", result, peakRssBytes: peak() });
  } catch (error) {
    const failure = isJobFailure(error)
      ? error
      : isDiskFull(error)
        ? // In words the worker recognises (diskSpace.ts): the worker's disk, not the job.
          {
            code: "internal",
            message: "The clone stopped: no space left on device.",
            retryable: true,
          }
        : {
            code: "internal",
            message: "The clone stopped on an unexpected error.",
            retryable: true,
          };
    await send({
      kind: "failed",
      code: failure.code,
      message: failure.message,
      retryable: failure.retryable,
      peakRssBytes: peak(),
    });
  }
  process.disconnect?.();
  process.exit(0);
});

// The worker went away: nothing to clone for.
process.once("disconnect", () => process.exit(0));
