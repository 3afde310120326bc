/**
 * Results of the successful mutations clients sent, by session and request id. The Convex
 * client re-sends every unanswered mutation after a reconnect, and a real deployment runs
 * each one exactly once; this server does the same by answering a re-sent mutation from
 * here. Written by SyncConnection (after a mutation commits), saved in the store with the
 * documents it wrote (store/sqlite-store.ts takes the unsaved ones), read when a mutation
 * arrives. Bounded: the oldest are forgotten.
 */
import type { JSONValue } from "convex/values";

export type MutationResult = { value: JSONValue; logLines: string[] };

export class MutationResults {
  readonly #limit: number;
  readonly #results = new Map<string, MutationResult>();
  #unsaved: [string, MutationResult][] = [];

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  static key(sessionId: string, requestId: number): string {
    return `${sessionId}:${requestId}`;
  }

  get(key: string): MutationResult | undefined {
    return this.#results.get(key);
  }

  get limit(): number {
    return this.#limit;
  }

  set(key: string, result: MutationResult): void {
    this.#results.set(key, result);
    this.#unsaved.push([key, result]);
    // Without a store nobody takes them: keep no more than the map does.
    if (this.#unsaved.length > 2 * this.#limit) this.#unsaved.splice(0, this.#limit);
    while (this.#results.size > this.#limit) {
      const oldest = this.#results.keys().next().value;
      if (oldest === undefined) break;
      this.#results.delete(oldest);
    }
  }

  entries(): [string, MutationResult][] {
    return [...this.#results];
  }

  /** The results set since the last call, oldest first (the store writes them). */
  takeUnsaved(): [string, MutationResult][] {
    const unsaved = this.#unsaved;
    this.#unsaved = [];
    return unsaved;
  }

  /** Puts back results a failed save took, before any set since. */
  returnUnsaved(entries: [string, MutationResult][]): void {
    this.#unsaved = [...entries, ...this.#unsaved];
  }

  /** Results read from the store: already saved. */
  load(entries: readonly [string, MutationResult][]): void {
    for (const [key, result] of entries) this.set(key, result);
    this.#unsaved = [];
  }
}
