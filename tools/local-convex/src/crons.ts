import type { JSONValue } from "convex/values";
import { CronExpressionParser } from "cron-parser";
import type { CronsDefinition } from "./app.ts";
import type { Engine } from "./engine.ts";
import { serverLog } from "./log.ts";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Turns a crons.ts schedule into "ms until the next run" from `now`. */
export function nextRunDelay(schedule: Record<string, unknown>, now: number): number {
  if (schedule.type === "interval") {
    const seconds =
      Number(schedule.seconds ?? 0) +
      Number(schedule.minutes ?? 0) * 60 +
      Number(schedule.hours ?? 0) * 3600;
    return seconds * 1000;
  }
  const minute = Number(schedule.minuteUTC ?? 0);
  const hour = Number(schedule.hourUTC ?? 0);
  const expression =
    schedule.type === "cron"
      ? String(schedule.cron)
      : schedule.type === "hourly"
        ? `${minute} * * * *`
        : schedule.type === "daily"
          ? `${minute} ${hour} * * *`
          : schedule.type === "weekly"
            ? `${minute} ${hour} * * ${DAYS.indexOf(String(schedule.dayOfWeek).toLowerCase())}`
            : schedule.type === "monthly"
              ? `${minute} ${hour} ${Number(schedule.day)} * *`
              : null;
  if (expression === null) throw new Error(`Unknown cron schedule ${JSON.stringify(schedule)}`);
  const next = CronExpressionParser.parse(expression, { currentDate: new Date(now), tz: "UTC" })
    .next()
    .getTime();
  return Math.max(0, next - now);
}

/** Runs the jobs of an app's crons.ts on real timers (convex-test does not run crons). */
export class CronRunner {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #stopped = false;

  readonly engine: Engine;
  readonly crons: CronsDefinition;

  constructor(engine: Engine, crons: CronsDefinition) {
    this.engine = engine;
    this.crons = crons;
  }

  start(): void {
    for (const [name, job] of Object.entries(this.crons.crons)) this.#arm(name, job);
  }

  #arm(name: string, job: CronsDefinition["crons"][string]): void {
    if (this.#stopped) return;
    const delay = nextRunDelay(job.schedule, Date.now());
    const timer = setTimeout(
      async () => {
        try {
          const kind = await this.engine.kindOf(job.name);
          if (kind === "query") throw new Error("crons run mutations and actions, not queries");
          const { outcome } = await this.engine.run(
            kind,
            job.name,
            (job.args[0] ?? {}) as JSONValue,
            null,
          );
          for (const line of outcome.logLines) serverLog(`cron ${name} (${job.name}) ${line}`);
          if (!outcome.success)
            serverLog(`cron ${name} (${job.name}) failed: ${outcome.errorMessage}`);
        } catch (error) {
          serverLog(`cron ${name} (${job.name}) failed:`, error);
        }
        this.#arm(name, job);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    timer.unref();
    this.#timers.set(name, timer);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
