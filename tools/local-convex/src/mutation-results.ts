/**
 * Results of the successful mutations clients sent, by session and request id. The Convex
 * client re-sends every unanswered mutation after a reconnect, and a real deployment runs
 * each one exactly once; this server does the same by answering a re-sent mutation from
 * here. Written by SyncConnection (after a mutation commits), saved in the data file with
 * the documents it wrote, read when a mutation arrives. Bounded: the oldest are forgotten.
 */
import type { JSONValue } from "convex/values";

export type MutationResult = { value: JSONValue; logLines: string[] };

export class MutationResults {
  readonly #limit: number;
  readonly #results = new Map<string, MutationResult>();

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  static key(sessionId: string, requestId: number): string {
    return `${sessionId}:${requestId}`;
  }

  get(key: string): MutationResult | undefined {
    return this.#results.get(key);
  }

  set(key: string, result: MutationResult): void {
    this.#results.set(key, result);
    while (this.#results.size > this.#limit) {
      const oldest = this.#results.keys().next().value;
      if (oldest === undefined) break;
      this.#results.delete(oldest);
    }
  }

  entries(): [string, MutationResult][] {
    return [...this.#results];
  }

  load(entries: readonly [string, MutationResult][]): void {
    for (const [key, result] of entries) this.set(key, result);
  }
}
