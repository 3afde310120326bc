import type { UserIdentity } from "convex/server";
import type { JSONValue } from "convex/values";
import type { DocumentChange } from "./commits.ts";
import type { Engine, RunOutcome } from "./engine.ts";
import { getOrCreate } from "./maps.ts";
import { type IndexFields, indexFieldsOf, ReadSet } from "./read-set.ts";

/** A query modification as the sync protocol sends it. */
export type QueryModification =
  | {
      type: "QueryUpdated";
      queryId: number;
      value: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: number };

/** Whoever holds subscriptions (a WebSocket connection). */
export interface Subscriber {
  readonly id: number;
}

/**
 * Every client subscription to the same query, arguments, identity and journal shares one
 * group, run again only when a committed change touches its read set (src/read-set.ts).
 */
interface QueryGroup {
  key: string;
  udfPath: string;
  args: JSONValue;
  identity: UserIdentity | null;
  journalIn: string | null;
  members: Map<Subscriber, Set<number>>;
  outcome: RunOutcome | null;
  journalOut: string | null;
  /** JSON of the last outcome, to send only results that changed. */
  fingerprint: string;
  reads: ReadSet;
}

function toModification(group: QueryGroup, queryId: number): QueryModification {
  const outcome = group.outcome as RunOutcome;
  if (outcome.success) {
    return {
      type: "QueryUpdated",
      queryId,
      value: outcome.value,
      logLines: outcome.logLines,
      journal: group.journalOut,
    };
  }
  return {
    type: "QueryFailed",
    queryId,
    errorMessage: outcome.errorMessage,
    ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
    logLines: outcome.logLines,
    journal: group.journalOut,
  };
}

/** Live queries: who watches what, and what a committed change must re-run. */
export class SubscriptionSet {
  readonly #engine: Engine;
  readonly #indexFields: IndexFields;
  readonly #groups = new Map<string, QueryGroup>();
  /** Groups by the tables their read sets touch, to check a change against few groups. */
  readonly #byTable = new Map<string, Set<QueryGroup>>();
  /** Runs per function (for tests and benchmarks: what a write made re-run). */
  readonly runCounts = new Map<string, number>();
  /** subscriber → queryId → group */
  readonly #bySubscriber = new Map<Subscriber, Map<number, QueryGroup>>();

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#indexFields = indexFieldsOf(engine.db);
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  async #runGroup(group: QueryGroup): Promise<boolean> {
    const { outcome, reads, journal } = await this.#engine.run(
      "query",
      group.udfPath,
      group.args,
      group.identity,
      group.journalIn,
    );
    this.runCounts.set(group.udfPath, (this.runCounts.get(group.udfPath) ?? 0) + 1);
    for (const table of group.reads.tableNames()) this.#byTable.get(table)?.delete(group);
    group.reads = reads.seal(this.#indexFields);
    for (const table of group.reads.tableNames()) {
      getOrCreate(this.#byTable, table, () => new Set<QueryGroup>()).add(group);
    }
    // Later runs keep the journal of the first one: that is what pins a page's end.
    group.journalIn ??= journal;
    group.journalOut = journal;
    const fingerprint = JSON.stringify([outcome, journal]);
    const changed = fingerprint !== group.fingerprint;
    group.outcome = outcome;
    group.fingerprint = fingerprint;
    return changed;
  }

  /** Subscribes and returns the query's current result. */
  async add(
    subscriber: Subscriber,
    queryId: number,
    udfPath: string,
    args: JSONValue,
    identity: UserIdentity | null,
    journal: string | null,
  ): Promise<QueryModification> {
    this.remove(subscriber, queryId);
    const key = JSON.stringify([udfPath, args, identity, journal]);
    let group = this.#groups.get(key);
    if (!group) {
      group = {
        key,
        udfPath,
        args,
        identity,
        journalIn: journal,
        members: new Map(),
        outcome: null,
        journalOut: null,
        fingerprint: "",
        reads: new ReadSet(),
      };
      this.#groups.set(key, group);
      await this.#runGroup(group);
    }
    getOrCreate(group.members, subscriber, () => new Set<number>()).add(queryId);
    getOrCreate(this.#bySubscriber, subscriber, () => new Map<number, QueryGroup>()).set(
      queryId,
      group,
    );
    return toModification(group, queryId);
  }

  remove(subscriber: Subscriber, queryId: number): boolean {
    const group = this.#bySubscriber.get(subscriber)?.get(queryId);
    if (!group) return false;
    this.#bySubscriber.get(subscriber)?.delete(queryId);
    const ids = group.members.get(subscriber);
    ids?.delete(queryId);
    if (ids?.size === 0) group.members.delete(subscriber);
    if (group.members.size === 0) {
      this.#groups.delete(group.key);
      for (const table of group.reads.tableNames()) this.#byTable.get(table)?.delete(group);
    }
    return true;
  }

  /** The subscriber's queries as (queryId, udfPath, args, journal), e.g. to re-run on a new identity. */
  queriesOf(
    subscriber: Subscriber,
  ): { queryId: number; udfPath: string; args: JSONValue; journal: string | null }[] {
    return [...(this.#bySubscriber.get(subscriber) ?? [])].map(([queryId, g]) => ({
      queryId,
      udfPath: g.udfPath,
      args: g.args,
      journal: g.journalIn,
    }));
  }

  removeSubscriber(subscriber: Subscriber): void {
    for (const queryId of [...(this.#bySubscriber.get(subscriber)?.keys() ?? [])]) {
      this.remove(subscriber, queryId);
    }
    this.#bySubscriber.delete(subscriber);
  }

  /** Re-runs the groups whose read sets `committed` touches; returns the changes per subscriber. */
  async rerun(committed: DocumentChange[]): Promise<Map<Subscriber, QueryModification[]>> {
    const touched = new Set<QueryGroup>();
    for (const change of committed) {
      for (const group of this.#byTable.get(change.table) ?? []) {
        if (!touched.has(group) && group.reads.touchedBy(change)) touched.add(group);
      }
    }
    const changes = new Map<Subscriber, QueryModification[]>();
    for (const group of touched) {
      if (!this.#groups.has(group.key)) continue;
      if (!(await this.#runGroup(group))) continue;
      for (const [subscriber, ids] of group.members) {
        const list = getOrCreate(changes, subscriber, (): QueryModification[] => []);
        for (const queryId of ids) list.push(toModification(group, queryId));
      }
    }
    return changes;
  }
}
