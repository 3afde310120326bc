/**
 * The worker's question slot, apart from its job slots so a question never waits behind a
 * course: subscribes to the queued questions, claims up to `slots` at a time (one winner per
 * question), answers each (answerQuestion.ts), and watches this worker's leased questions so
 * one the asker cancels stops at once, without waiting for its next batch to be refused.
 */
import type { Logger } from "../logger.ts";
import { type AnswerDeps, type AnswerEnd, answerQuestion } from "./answerQuestion.ts";
import type { AnsweringRow, ClaimableQuestion, ClaimedQuestion } from "./backend.ts";

export interface QuestionSlotOptions extends AnswerDeps {
  slots: number;
  leaseMs: number;
}

interface Running {
  attempt: number;
  stop: AbortController;
  /** Seen in the answering list: leaving it then means canceled (or lost). */
  seen: boolean;
  done: Promise<AnswerEnd>;
}

export class QuestionSlot {
  private readonly running = new Map<string, Running>();
  private readonly claiming = new Set<string>();
  private rows: ClaimableQuestion[] = [];
  private unsubscribe: (() => void)[] = [];
  private dueTimer: NodeJS.Timeout | null = null;
  private draining = false;
  private readonly idlers = new Set<() => void>();
  /** How each answer ended, counted (for /status and the tests). */
  readonly ended: Record<AnswerEnd, number> = { answered: 0, failed: 0, stopped: 0 };
  private readonly log: Logger;

  private readonly options: QuestionSlotOptions;

  constructor(options: QuestionSlotOptions) {
    this.options = options;
    this.log = options.logger.child({ slot: "questions" });
  }

  get active(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves once no answer is running (and none is being claimed). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.claiming.size > 0) {
      await Promise.race([
        ...[...this.running.values()].map((r) => r.done),
        new Promise<void>((resolve) => this.idlers.add(resolve)),
      ]);
    }
  }

  start(): void {
    const { backend } = this.options;
    this.unsubscribe.push(
      backend.watchClaimable(
        (rows) => {
          this.rows = rows;
          this.fill();
        },
        (err) => this.log.warn({ err }, "question queue subscription failed"),
      ),
      backend.watchAnswering(
        (rows) => this.onAnswering(rows),
        (err) => this.log.warn({ err }, "answering subscription failed"),
      ),
    );
  }

  /**
   * Stops claiming, lets running answers end within `graceMs`, then stops the rest: each is
   * reported as a retryable failure (answerQuestion.ts says why), so nothing half-written stays.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.draining = true;
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.dueTimer) clearTimeout(this.dueTimer);
    const all = () => Promise.all([...this.running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), graceMs);
    });
    if ((await Promise.race([all(), late])) === "late") {
      for (const r of this.running.values()) r.stop.abort("shutdown");
      await all();
    }
    clearTimeout(timer);
  }

  private onAnswering(rows: AnsweringRow[]): void {
    const leased = new Set(rows.map((r) => `${r.questionId}#${r.attempt}`));
    for (const [questionId, run] of this.running) {
      if (leased.has(`${questionId}#${run.attempt}`)) run.seen = true;
      else if (run.seen) run.stop.abort("canceled");
    }
  }

  private fill(): void {
    if (this.draining) return;
    for (const row of this.rows) {
      if (this.running.size + this.claiming.size >= this.options.slots) return;
      if (this.running.has(row.questionId) || this.claiming.has(row.questionId)) continue;
      void this.claim(row.questionId);
    }
  }

  private async claim(questionId: string): Promise<void> {
    this.claiming.add(questionId);
    let claimed: ClaimedQuestion | null = null;
    try {
      const got = await this.options.backend.claim(questionId, this.options.leaseMs);
      if (got && "notDue" in got) this.armDue(got.runAt - got.serverTime);
      else claimed = got;
    } catch (err) {
      this.log.warn({ err, questionId }, "could not claim a question");
    } finally {
      this.claiming.delete(questionId);
      for (const wake of this.idlers) wake();
      this.idlers.clear();
    }
    if (!claimed) return this.fill();
    if (this.draining) {
      // Claimed while shutting down: hand it back as a retryable failure at once.
      const stop = new AbortController();
      stop.abort("shutdown");
      this.run(claimed, stop);
      return;
    }
    this.run(claimed, new AbortController());
  }

  private run(claimed: ClaimedQuestion, stop: AbortController): void {
    this.log.info(
      { questionId: claimed.questionId, attempt: claimed.attempt, question: prefix(claimed) },
      "answering a question",
    );
    const run: Running = {
      attempt: claimed.attempt,
      stop,
      seen: false,
      done: answerQuestion(claimed, this.options, stop.signal).then(
        (end) => end,
        (err: unknown) => {
          this.log.error({ err }, "answering crashed");
          return "stopped" as const;
        },
      ),
    };
    this.running.set(claimed.questionId, run);
    void run.done.then((end) => {
      this.ended[end] += 1;
      this.running.delete(claimed.questionId);
      this.fill();
      for (const wake of this.idlers) wake();
      this.idlers.clear();
    });
  }

  /** A question still backing off: look again when it is due. */
  private armDue(inMs: number): void {
    if (this.dueTimer || this.draining) return;
    this.dueTimer = setTimeout(
      () => {
        this.dueTimer = null;
        this.fill();
      },
      Math.min(Math.max(inMs, 50), 60_000),
    );
    this.dueTimer.unref();
  }
}

/** Logs name a question by its first words only. */
function prefix(claimed: ClaimedQuestion): string {
  const q = claimed.question.replace(/\s+/g, " ").trim();
  return q.length > 40 ? `${q.slice(0, 40)}…` : q;
}
