import { convexToJson, type JSONValue, type Value } from "convex/values";
import type { Backend } from "./backend.ts";
import { serverLog } from "./log.ts";

interface ScheduledJob {
  _id: string;
  name: string;
  args: Value[];
  scheduledTime: number;
  state: { kind: string };
}

/**
 * convex-test keeps scheduled functions on its own timers, which die with the process. After a
 * restart, the jobs still pending in the data file run here instead, with the same job
 * states (pending → inProgress → success | failed; canceled ones are skipped).
 */
export class RestoredJobs {
  readonly #backend: Backend;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  start(): number {
    const { db } = this.#backend.engine;
    const pending = Object.entries(db._documents)
      .filter(([id]) => id.endsWith("_scheduled_functions"))
      .map(([, doc]) => doc as unknown as ScheduledJob)
      .filter((job) => job.state.kind === "pending");
    for (const job of pending) {
      const timer = setTimeout(
        () => {
          this.#timers.delete(timer);
          this.#run(job._id).catch((error) => serverLog(`scheduled ${job.name} failed`, error));
        },
        Math.min(Math.max(0, job.scheduledTime - Date.now()), 2 ** 31 - 1),
      );
      this.#timers.add(timer);
    }
    return pending.length;
  }

  /** Moves a job to a new state inside a convex-test transaction. */
  async #setState(id: string, from: string, patch: Record<string, JSONValue>): Promise<boolean> {
    const { engine } = this.#backend;
    const changed = await engine.t.run(async () => {
      const job = engine.db.get("_scheduled_functions", id) as unknown as ScheduledJob | null;
      if (!job || job.state.kind !== from) return false;
      engine.db.patch("_scheduled_functions", id, patch);
      return true;
    });
    if (changed) this.#backend.markDirty("_scheduled_functions");
    return changed;
  }

  async #run(id: string): Promise<void> {
    const { engine } = this.#backend;
    if (!(await this.#setState(id, "pending", { state: { kind: "inProgress" } }))) return;
    const job = engine.db.get("_scheduled_functions", id) as unknown as ScheduledJob;
    const kind = await engine.kindOf(job.name);
    const { outcome } = await engine.run(kind, job.name, convexToJson(job.args[0] ?? {}), null);
    for (const line of outcome.logLines) serverLog(`scheduled ${job.name} ${line}`);
    if (!outcome.success) serverLog(`scheduled ${job.name} failed: ${outcome.errorMessage}`);
    await this.#setState(id, "inProgress", {
      state: { kind: outcome.success ? "success" : "failed" },
      completedTime: Date.now(),
    });
  }

  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
