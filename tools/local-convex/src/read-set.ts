/**
 * What one query run read, recorded by src/tracking.ts from its syscalls and consulted by
 * src/subscriptions.ts for every committed change (src/commits.ts): a live query re-runs
 * only when a change's document, before or after it, falls in something it read.
 *
 * - an index range (or a table scan), read to its end or only up to the last document the
 *   run took from it (`.first()`, `.take(n)`): a document past that point cannot change
 *   the result;
 * - a document by id (`db.get`);
 * - a whole table (search, `count`, file storage), when nothing finer is known.
 * Paginated reads keep their whole index range (cursors aside): an over-approximation.
 */
import { jsonToConvex } from "convex/values";
import type { DocumentChange } from "./commits.ts";
import {
  compareDocs,
  type Doc,
  inRange,
  type QuerySource,
  type RangeExpression,
  tableOfSource,
} from "./index-range.ts";
import { tableFromId } from "./tracking.ts";

/** The sort fields of an index (`table.index`), as convex-test orders it; null if unknown. */
export type IndexFields = (indexName: string) => string[] | null;

interface RangeRead {
  range: RangeExpression[];
  order: "asc" | "desc";
  fields: string[];
  /** The last document read from the range in scan order; null: the whole range. */
  last: Doc | null;
}

interface Stream {
  table: string;
  indexName: string | null;
  range: RangeExpression[];
  order: "asc" | "desc";
  /** JSON of the last `queryStreamNext` answer that held a document. */
  lastAnswer: string | null;
  returned: number;
  /** The query's `.limit(n)` (`take`, `first`, `unique`): done at n rows is not the end. */
  limit: number | null;
  done: boolean;
}

const BY_CREATION = ["_creationTime", "_id"];

export class ReadSet {
  /** Tables read as a whole. */
  readonly tables = new Set<string>();
  readonly ids = new Set<string>();
  readonly #ranges = new Map<string, RangeRead[]>();
  readonly #rangeKeys = new Set<string>();
  /** Open streams by convex-test query id, bounded once the run is over (`seal`). */
  readonly #streams = new Map<number, Stream>();

  addTable(table: string | null): void {
    if (table) this.tables.add(table);
  }

  addId(id: string): void {
    this.ids.add(id);
  }

  /** A query source read to its end (`.paginate()` also lands here). */
  addSource(source: QuerySource): void {
    const stream = toStream(source);
    if (stream === "table") this.addTable(tableOfSource(source));
    else if (stream) this.#streams.set(-1 - this.#streams.size, stream);
  }

  /** A streamed query (`1.0/queryStream`): how far it was read is told by `streamNext`. */
  openStream(queryId: number, query: { source: QuerySource; operators?: unknown[] }): void {
    const stream = toStream(query.source, query.operators);
    if (stream === "table") this.addTable(tableOfSource(query.source));
    else if (stream) this.#streams.set(queryId, stream);
  }

  streamNext(queryId: number, answer: string): void {
    const stream = this.#streams.get(queryId);
    if (!stream) return;
    // The answer is the JSON of {done, value} (keys sorted): told apart without parsing.
    if (answer.startsWith('{"done":true') || answer.endsWith('"done":true}')) {
      stream.done = true;
    } else {
      stream.lastAnswer = answer;
      stream.returned += 1;
    }
  }

  /** Turns the run's streams into ranges; call once the run is over. */
  seal(indexFields: IndexFields): this {
    for (const stream of this.#streams.values()) {
      const fields = stream.indexName === null ? BY_CREATION : indexFields(stream.indexName);
      let last: Doc | null = null;
      const stoppedEarly =
        !stream.done || (stream.limit !== null && stream.returned >= stream.limit);
      if (stoppedEarly && stream.lastAnswer !== null && fields !== null) {
        const { value } = JSON.parse(stream.lastAnswer) as { value: unknown };
        last = jsonToConvex(value as never) as Doc;
      }
      this.#addRange(stream.table, {
        range: stream.range,
        order: stream.order,
        fields: fields ?? BY_CREATION,
        last,
      });
    }
    this.#streams.clear();
    return this;
  }

  #addRange(table: string, read: RangeRead): void {
    // Within one run (one snapshot) a document id stands for its whole sort key.
    const key = JSON.stringify([
      table,
      read.fields,
      read.range,
      read.order,
      read.last?._id ?? null,
    ]);
    if (this.#rangeKeys.has(key)) return;
    this.#rangeKeys.add(key);
    const list = this.#ranges.get(table);
    if (list) list.push(read);
    else this.#ranges.set(table, [read]);
  }

  /** Every table something was read from (to index the read set by table). */
  tableNames(): Set<string> {
    const names = new Set(this.tables);
    for (const table of this.#ranges.keys()) names.add(table);
    for (const stream of this.#streams.values()) names.add(stream.table);
    for (const id of this.ids) {
      const table = tableFromId(id);
      if (table) names.add(table);
    }
    return names;
  }

  /** Whether re-running the query could give another result after `change`. */
  touchedBy(change: DocumentChange): boolean {
    if (this.tables.has(change.table) || this.ids.has(change.id)) return true;
    const ranges = this.#ranges.get(change.table);
    if (!ranges) return false;
    return ranges.some((read) => covers(read, change.before) || covers(read, change.after));
  }
}

function covers(read: RangeRead, doc: Doc | null): boolean {
  if (!doc || !inRange(doc, read.range)) return false;
  return read.last === null || compareDocs(doc, read.last, read.fields, read.order) <= 0;
}

function limitOf(operators: unknown[] | undefined): number | null {
  for (const op of operators ?? []) {
    const limit = (op as { limit?: unknown }).limit;
    if (typeof limit === "number") return limit;
  }
  return null;
}

function toStream(source: QuerySource, operators?: unknown[]): Stream | "table" | null {
  const table = tableOfSource(source);
  if (!table) return null;
  if (source.type === "Search") return "table";
  return {
    table,
    indexName: source.type === "IndexRange" ? (source.indexName ?? null) : null,
    range: source.type === "IndexRange" ? (source.range ?? []) : [],
    order: source.order ?? "asc",
    lastAnswer: null,
    returned: 0,
    limit: limitOf(operators),
    done: false,
  };
}

interface SchemaInternals {
  _schema?: {
    tables: Map<string, { indexes: { indexDescriptor: string; fields: string[] }[] }>;
  } | null;
}

/** The sort fields convex-test uses for `table.index` (its own two indexes included). */
export function indexFieldsOf(db: unknown): IndexFields {
  const schema = (db as SchemaInternals)._schema;
  return (indexName) => {
    const [table = "", index = ""] = indexName.split(".");
    if (index === "by_creation_time") return BY_CREATION;
    if (index === "by_id") return ["_id"];
    const found = schema?.tables.get(table)?.indexes.find((i) => i.indexDescriptor === index);
    return found ? [...found.fields, "_creationTime", "_id"] : null;
  };
}
