/**
 * Progress for people, on stderr. On a terminal: one live status line (step k of 6, chapters
 * done of total, tokens and cost so far) redrawn in place, with log lines scrolling above
 * it. Elsewhere (a pipe, CI): one plain line per step, chapter and log.
 */
import { type CliEventInput, TOTAL_STEPS } from "@fondation/shared";
import type { Emitter } from "../types.ts";

const STEP_LABELS: Record<string, string> = {
  abstractions: "finding the core abstractions",
  relationships: "relating them",
  order: "choosing the teaching order",
  chapters: "writing chapters",
  review: "reviewing chapters",
  tutorials: "writing tutorials",
};

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class TerminalEmitter implements Emitter {
  private readonly stream: Stream;
  private readonly live: boolean;
  private step = "";
  private stepIndex = 0;
  private chaptersDone = 0;
  private chaptersTotal = 0;
  private tokens = 0;
  private cost = 0;
  private statusShown = false;

  constructor(stream: Stream = process.stderr, live = Boolean(stream.isTTY)) {
    this.stream = stream;
    this.live = live;
  }

  emit(event: CliEventInput): void {
    switch (event.kind) {
      case "run.started":
        this.line(
          `Analysing ${event.filesKept} of ${event.filesScanned} files${event.offline ? " offline (no model)" : ` with ${event.model}`} → ${event.outDir}`,
        );
        break;
      case "step.started":
        this.step = event.step;
        this.stepIndex = event.index;
        if (event.step === "chapters" || event.step === "tutorials" || event.step === "review") {
          this.chaptersDone = 0;
          this.chaptersTotal = 0;
        }
        if (!this.live)
          this.line(
            `Step ${event.index} of ${event.total}: ${STEP_LABELS[event.step] ?? event.step}`,
          );
        break;
      case "step.completed":
        if (!this.live && event.resumed)
          this.line(`Step ${event.index} of ${event.total}: restored from checkpoint`);
        break;
      case "chapter.started":
        this.chaptersTotal = event.total;
        break;
      case "chapter.completed":
        this.chaptersDone = event.done;
        this.chaptersTotal = event.total;
        if (!this.live) this.line(`  ${event.done}/${event.total} ${event.title}`);
        break;
      case "usage":
        this.tokens =
          event.total.inputTokens +
          event.total.outputTokens +
          event.total.cacheCreationInputTokens +
          event.total.cacheReadInputTokens;
        this.cost = event.total.costUsd;
        break;
      case "log":
        if (event.level !== "debug")
          this.line(`${event.level === "info" ? "" : `${event.level}: `}${event.message}`);
        break;
      case "run.completed":
        this.clearStatus();
        this.line(
          `Done: ${event.chapters} chapters, ${event.tutorials} tutorials${this.tokens > 0 ? `, ${formatTokens(this.tokens)} tokens, $${this.cost.toFixed(3)}` : ""}.`,
        );
        return;
      case "run.failed":
        this.clearStatus();
        return;
    }
    this.drawStatus();
  }

  /** The status line as shown on a terminal (exported for tests). */
  status(): string {
    const parts = [
      `Step ${this.stepIndex || 1} of ${TOTAL_STEPS}: ${STEP_LABELS[this.step] ?? "scanning"}`,
    ];
    if (this.chaptersTotal > 0) parts.push(`${this.chaptersDone}/${this.chaptersTotal} done`);
    parts.push(`${formatTokens(this.tokens)} tokens`, `$${this.cost.toFixed(3)}`);
    return parts.join(" · ");
  }

  private line(text: string) {
    this.clearStatus();
    this.stream.write(`${text}\n`);
  }

  private drawStatus() {
    if (!this.live) return;
    const width = Math.max(20, (this.stream.columns ?? 100) - 1);
    this.stream.write(`\r\x1b[2K${this.status().slice(0, width)}`);
    this.statusShown = true;
  }

  private clearStatus() {
    if (this.live && this.statusShown) this.stream.write("\r\x1b[2K");
    this.statusShown = false;
  }
}

function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)}k`;
  return String(n);
}
