/**
 * --json mode: every event is one NDJSON line on stdout (the worker reads them); log events
 * are also echoed to stderr for a person watching. Nothing else is ever written to stdout.
 */
import { type CliEventInput, formatCliEvent, MAX_EVENT_MESSAGE_CHARS } from "@fondation/shared";
import type { Emitter } from "../types.ts";

export class JsonEmitter implements Emitter {
  private readonly out: NodeJS.WritableStream;
  private readonly err: NodeJS.WritableStream;

  constructor(
    out: NodeJS.WritableStream = process.stdout,
    err: NodeJS.WritableStream = process.stderr,
  ) {
    this.out = out;
    this.err = err;
  }

  emit(event: CliEventInput): void {
    let e = event;
    if (
      (e.kind === "log" || e.kind === "run.failed") &&
      e.message.length > MAX_EVENT_MESSAGE_CHARS
    ) {
      e = { ...e, message: `${e.message.slice(0, MAX_EVENT_MESSAGE_CHARS - 1)}…` };
    }
    this.out.write(formatCliEvent(e));
    if (e.kind === "log")
      this.err.write(`fondation: ${e.level === "info" ? "" : `${e.level}: `}${e.message}\n`);
  }
}
