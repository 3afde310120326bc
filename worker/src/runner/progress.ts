/**
 * Turns CLI events into what Convex stores: the job's progress (sent on heartbeats) and
 * jobEvents rows (kind, level, a human message, data without secrets, within size limits).
 */
import {
  type CliEvent,
  type JobProgress,
  MAX_EVENT_MESSAGE_CHARS,
  TOTAL_STEPS,
  type Usage,
  ZERO_USAGE,
} from "@fondation/shared";
import type { EventInput } from "./backend.ts";

const MAX_DATA_CHARS = 8_000;

export class ProgressTracker {
  progress: JobProgress = {
    step: 0,
    totalSteps: TOTAL_STEPS,
    chaptersDone: 0,
    chaptersTotal: 0,
    message: "Waiting to start",
  };
  usage: Usage = { ...ZERO_USAGE };

  set(message: string): void {
    this.progress = { ...this.progress, message: message.slice(0, 500) };
  }

  apply(event: CliEvent): void {
    const p = this.progress;
    switch (event.kind) {
      case "run.started":
        this.progress = { ...p, message: "Analysis started" };
        break;
      case "step.started":
        this.progress = {
          ...p,
          step: event.index,
          totalSteps: event.total,
          message: `Step ${event.index} of ${event.total}: ${event.step}`,
        };
        break;
      case "chapter.started":
        this.progress = { ...p, chaptersTotal: Math.max(p.chaptersTotal, event.total) };
        break;
      case "chapter.completed":
        this.progress = {
          ...p,
          chaptersDone: Math.max(p.chaptersDone, event.done),
          chaptersTotal: Math.max(p.chaptersTotal, event.total),
          message: `${event.step}: ${event.done} of ${event.total} done`.slice(0, 500),
        };
        break;
      case "usage":
        this.usage = event.total;
        break;
      case "run.completed":
        this.usage = event.usage;
        this.progress = { ...p, step: p.totalSteps, message: "Analysis complete" };
        break;
      default:
        break;
    }
  }
}

/** A jobEvents row for a CLI event. */
export function toEventInput(event: CliEvent): EventInput {
  const { v: _v, ts, kind, ...rest } = event;
  // The message is the row's message; data keeps the structured rest.
  // outDir is a path of the worker's machine, nothing a user can use: not stored.
  const { message: _message, outDir: _outDir, ...data } = rest as Record<string, unknown>;
  return {
    ts,
    kind: `cli.${kind}`,
    level: levelOf(event),
    message: clip(messageOf(event)),
    data: boundedData(data),
  };
}

/** A jobEvents row written by the worker itself. */
export function workerEvent(
  kind: string,
  message: string,
  level: EventInput["level"] = "info",
  data?: Record<string, unknown>,
): EventInput {
  return {
    ts: Date.now(),
    kind: `worker.${kind}`,
    level,
    message: clip(message),
    ...(data ? { data: boundedData(data) } : {}),
  };
}

function levelOf(event: CliEvent): EventInput["level"] {
  if (event.kind === "log") return event.level;
  if (event.kind === "run.failed") return "error";
  if (event.kind === "usage") return "debug";
  return "info";
}

function messageOf(event: CliEvent): string {
  switch (event.kind) {
    case "run.started":
      return event.resumedSteps.length > 0
        ? `Analysis resumed (${event.resumedSteps.join(", ")} already done); ${event.filesKept} of ${event.filesScanned} files kept`
        : `Analysis started${event.offline ? " offline (no model)" : ` with ${event.model}`}; ${event.filesKept} of ${event.filesScanned} files kept`;
    case "step.started":
      return `Step ${event.index} of ${event.total}: ${event.step}`;
    case "step.completed":
      return `Step ${event.index} of ${event.total} done: ${event.step}${event.resumed ? " (from checkpoint)" : ""}`;
    case "chapter.started":
      return `${event.step}: writing "${event.title}" (${event.index} of ${event.total})`;
    case "chapter.completed":
      return `${event.step}: "${event.title}" done (${event.done} of ${event.total})`;
    case "log":
      return event.message;
    case "usage":
      return `Usage so far: ${event.total.inputTokens} input, ${event.total.outputTokens} output tokens, $${event.total.costUsd.toFixed(4)}`;
    case "run.completed":
      return `Analysis complete: ${event.chapters} chapters, ${event.tutorials} tutorials`;
    case "run.failed":
      return event.message;
  }
}

function clip(message: string): string {
  const text = message.length > 0 ? message : "(empty)";
  return text.length > MAX_EVENT_MESSAGE_CHARS
    ? `${text.slice(0, MAX_EVENT_MESSAGE_CHARS - 1)}…`
    : text;
}

function boundedData(data: Record<string, unknown>): Record<string, unknown> | undefined {
  if (Object.keys(data).length === 0) return undefined;
  const json = JSON.stringify(data);
  if (json.length <= MAX_DATA_CHARS) return data;
  return { truncated: true, keys: Object.keys(data).slice(0, 50) };
}
