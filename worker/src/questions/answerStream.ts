/**
 * Streams an answer into Convex in small batches (appendAnswer): the first text at once (the
 * reader's first words), then whenever ≥ `minChars` are waiting or `intervalMs` passed since
 * the oldest waiting text, never more than `maxBatchChars` per call and one call at a time,
 * each naming `at` (the length before it) so a retried call is applied once. While nothing is
 * written (the model thinks, the course loads) an empty batch every `keepAliveMs` renews the
 * lease. A refused call (the lease moved on) stops the stream and calls `onLost` at once.
 */
import type { Fenced, Refusal } from "../runner/backend.ts";

export type SendBatch = (
  at: number,
  text: string,
) => Promise<Fenced<{ length: number; leaseExpiresAt: number }>>;

export interface AnswerStreamOptions {
  intervalMs: number;
  minChars: number;
  maxBatchChars: number;
  keepAliveMs: number;
  onLost: (refusal: Refusal) => void;
}

export const DEFAULT_STREAM = { intervalMs: 100, minChars: 200, maxBatchChars: 2_000 };

export class AnswerStream {
  /** Characters Convex holds. */
  sent = 0;
  lost: Refusal | null = null;
  error: unknown = null;
  /** When the first batch with text was accepted (for the benchmark and logs). */
  firstSentAt: number | null = null;
  private pending = "";
  private pendingSince = 0;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastSendAt = Date.now();
  private readonly keepAlive: NodeJS.Timeout;
  private closed = false;

  private readonly send: SendBatch;
  private readonly options: AnswerStreamOptions;

  constructor(send: SendBatch, options: AnswerStreamOptions) {
    this.send = send;
    this.options = options;
    this.keepAlive = setInterval(() => this.renew(), options.keepAliveMs);
    this.keepAlive.unref();
  }

  get stopped(): boolean {
    return this.lost !== null || this.error !== null;
  }

  write(text: string): void {
    if (this.closed || this.stopped || text.length === 0) return;
    if (this.pending.length === 0) this.pendingSince = Date.now();
    this.pending += text;
    this.kick(false);
  }

  /** Sends everything still waiting; resolves when Convex holds it (or the stream stopped). */
  async end(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    while (!this.stopped && (this.pending.length > 0 || this.inFlight)) {
      if (this.inFlight) await this.inFlight;
      else this.kick(true);
    }
    this.dispose();
  }

  /** Stops at once: nothing more is sent. */
  dispose(): void {
    this.closed = true;
    this.clearTimer();
    clearInterval(this.keepAlive);
  }

  private kick(force: boolean): void {
    if (this.inFlight || this.stopped || this.pending.length === 0) return;
    const waited = Date.now() - this.pendingSince;
    const due =
      force ||
      this.sent === 0 ||
      this.pending.length >= this.options.minChars ||
      waited >= this.options.intervalMs;
    if (!due) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.kick(false);
      }, this.options.intervalMs - waited);
      return;
    }
    this.clearTimer();
    const text = cut(this.pending, this.options.maxBatchChars);
    this.pending = this.pending.slice(text.length);
    this.pendingSince = Date.now();
    this.call(text);
  }

  private renew(): void {
    if (this.inFlight || this.stopped || this.closed) return;
    if (Date.now() - this.lastSendAt < this.options.keepAliveMs) return;
    this.call("");
  }

  private call(text: string): void {
    const at = this.sent;
    this.lastSendAt = Date.now();
    this.inFlight = this.send(at, text).then(
      (result) => {
        this.inFlight = null;
        if (!result.ok) {
          this.lost = result;
          this.dispose();
          this.options.onLost(result);
          return;
        }
        this.sent = at + text.length;
        if (text.length > 0) this.firstSentAt ??= Date.now();
        if (!this.closed) this.kick(false);
      },
      (error: unknown) => {
        this.inFlight = null;
        this.error = error;
        this.dispose();
      },
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** At most `max` characters of `text`, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
