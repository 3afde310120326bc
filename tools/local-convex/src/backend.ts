import { AsyncResource } from "node:async_hooks";
import type { UserIdentity } from "convex/server";
import type { JSONValue } from "convex/values";
import type { LoadedApp } from "./app.ts";
import { TokenVerifier } from "./auth.ts";
import type { DocumentChange } from "./commits.ts";
import { Engine, type FunctionKind, type QueryOutcome, RequestError } from "./engine.ts";
import { serverLog } from "./log.ts";
import { type MutationResult, MutationResults } from "./mutation-results.ts";
import { Mutex } from "./mutex.ts";
import { ReadSet } from "./read-set.ts";
import { type QueryModification, type Subscriber, SubscriptionSet } from "./subscriptions.ts";
import { Clock, encodeTs } from "./timestamps.ts";

/** What the backend needs from a client connection to push state to it. */
export interface SyncPeer extends Subscriber {
  /** Sends a Transition for these changes (may be empty) at timestamp `ts`. */
  pushTransition(modifications: QueryModification[], ts: bigint): void;
}

/**
 * The backend shared by all connections: the engine, live queries, the commit clock, and the
 * one lock under which results are computed and Transitions sent, so each client sees
 * versions in order and a mutation's response always precedes the Transition showing it.
 */
export class Backend {
  readonly engine: Engine;
  readonly verifier: TokenVerifier;
  readonly subscriptions: SubscriptionSet;
  readonly clock = new Clock();
  readonly syncLock = new Mutex();
  readonly peers = new Set<SyncPeer>();
  readonly mutationResults = new MutationResults();
  /**
   * Makes committed writes durable (the store, which knows what changed from the commit
   * feed). Called through `persist()` before a client is told about a write
   * (MutationResponse, Transition), so an acknowledged or visible write survives a crash.
   */
  onCommitted: () => void = () => {};
  /** Committed document changes not yet checked against the live queries' read sets. */
  #changes: DocumentChange[] = [];
  #flushScheduled = false;
  // Background flushes start from the start-up async context: work triggered from inside a
  // convex-test function would otherwise inherit its transaction context.
  readonly #root = new AsyncResource("local-convex-flush");

  private constructor(engine: Engine, verifier: TokenVerifier) {
    this.engine = engine;
    this.verifier = verifier;
    this.subscriptions = new SubscriptionSet(engine);
    engine.commits.listen((changes) => {
      for (const change of changes) this.#changes.push(change);
      this.scheduleFlush();
    });
  }

  static async create(app: LoadedApp): Promise<Backend> {
    let backend: Backend | undefined;
    const engine = await Engine.create(app, (table) => backend?.markDirty(table));
    backend = new Backend(engine, new TokenVerifier(app.authConfig));
    return backend;
  }

  /**
   * A table was written (not yet committed): flush once the writing request is done. What
   * re-runs is decided by the committed changes (the commit feed), and what is saved too.
   */
  markDirty(_table: string): void {
    this.scheduleFlush();
  }

  scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    this.#root.runInAsyncScope(() =>
      setImmediate(() => {
        this.#flushScheduled = false;
        this.syncLock.run(() => this.flush()).catch((error) => serverLog("flush failed", error));
      }),
    );
  }

  /**
   * Remembers a committed mutation's result so a copy re-sent after a reconnect is answered
   * without running again; saved with the next persist(), like the documents it wrote.
   */
  recordMutation(key: string, result: MutationResult): void {
    this.mutationResults.set(key, result);
  }

  /** Saves what was written since the last save, if anything; call before telling a client. */
  persist(): void {
    this.onCommitted();
  }

  /**
   * Re-runs the live queries whose read sets the committed changes touch and pushes the
   * results. `caller` always gets a Transition (even empty) so its pending mutation
   * resolves. Call under syncLock.
   */
  async flush(caller?: SyncPeer): Promise<void> {
    const committed = this.#changes;
    this.#changes = [];
    if (committed.length === 0 && !caller) {
      this.persist(); // cheap when nothing is unsaved
      return;
    }
    const changes = committed.length > 0 ? await this.subscriptions.rerun(committed) : new Map();
    this.persist();
    const ts = this.clock.advance();
    for (const [peer, modifications] of changes) {
      if (this.peers.has(peer as SyncPeer)) (peer as SyncPeer).pushTransition(modifications, ts);
    }
    if (caller && !changes.has(caller) && this.peers.has(caller)) caller.pushTransition([], ts);
  }

  /** Runs a function a client asked for: public functions only. */
  async runForClient(
    kind: FunctionKind | "any",
    udfPath: string,
    args: JSONValue,
    identity: UserIdentity | null,
  ): Promise<QueryOutcome & { kind: FunctionKind }> {
    let resolved: FunctionKind;
    try {
      resolved = await this.engine.resolveForClient(udfPath, kind);
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      return {
        kind: kind === "any" ? "query" : kind,
        outcome: { success: false, errorMessage: error.message, logLines: [] },
        reads: new ReadSet(),
        journal: null,
      };
    }
    const result = await this.engine.run(resolved, udfPath, args, identity);
    return { ...result, kind: resolved };
  }

  encodedNow(): string {
    return encodeTs(this.clock.current);
  }
}
