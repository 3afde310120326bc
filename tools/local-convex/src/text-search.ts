import { compareValues, type JSONValue, jsonToConvex, type Value } from "convex/values";
import type { DatabaseInternals } from "./engine.ts";

/**
 * Full text search as https://docs.convex.dev/search/text-search describes it, in place of
 * convex-test's (whitespace split, any word prefix, insertion order):
 * - text is cut into terms at every character that is not a letter or digit (punctuation and
 *   whitespace), lower-cased; terms of 32 bytes or more are dropped, as the backend's
 *   tokenizer does (its source: crates/search/src/constants.rs);
 * - a query keeps its first 16 terms; a document matches if it contains any of them, the
 *   last one matching as a prefix (typeahead);
 * - results come in relevance order: BM25 over the index's documents, newest first among
 *   equal scores;
 * - at most 1024 results are scanned (convex-test's own candidate check, kept).
 * Installed by the engine over convex-test's query source resolution, like the index cache.
 */

// https://docs.convex.dev/search/text-search#limits ("Up to 16 terms")
export const MAX_QUERY_TERMS = 16;
// https://docs.convex.dev/search/text-search#limits ("limit terms to 32 characters")
export const MAX_TERM_BYTES = 32;

// BM25's usual constants (those of the search library Convex uses).
const K1 = 1.2;
const B = 0.75;

const TERM = /[\p{Alphabetic}\p{N}]+/gu;
const NO_TABLE = "localConvexNoSuchTable";

/** Terms of each document's search field, computed once per document version. */
const termCache = new WeakMap<Doc, { field: string; terms: string[] }>();

function termsOf(doc: Doc, field: string): string[] {
  const cached = termCache.get(doc);
  if (cached?.field === field) return cached.terms;
  const value = fieldValue(doc, field);
  const terms = typeof value === "string" ? tokenize(value) : [];
  termCache.set(doc, { field, terms });
  return terms;
}

/** The terms of a text as the search index sees them. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  for (const [match] of text.matchAll(TERM)) {
    if (Buffer.byteLength(match, "utf8") < MAX_TERM_BYTES) terms.push(match.toLowerCase());
  }
  return terms;
}

interface SearchFilter {
  type: "Search" | "Eq";
  fieldPath: string;
  value: JSONValue;
}

interface Query {
  source: { type: string; indexName?: string; filters?: SearchFilter[] };
  operators: unknown[];
}

type Doc = Record<string, Value>;

interface Resolved {
  sortedDocs: Doc[];
  filterFn: (doc: Doc) => boolean;
  limit: number | null;
  fieldPathsToSortBy: string[];
  order: "asc" | "desc";
}

interface SearchIndex {
  indexDescriptor: string;
  searchField: string;
  filterFields: string[];
}

interface SearchableDatabase extends DatabaseInternals {
  _schema: { tables: Map<string, { searchIndexes?: SearchIndex[] }> } | null;
  _iterateDocs(table: string, callback: (doc: Doc) => void): void;
  _resolveQuerySource(query: Query): Resolved;
}

function fieldValue(doc: Doc, path: string): Value | undefined {
  let value: unknown = doc;
  for (const part of path.split(".")) {
    value =
      value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return value as Value | undefined;
}

function eqValue(value: JSONValue): Value | undefined {
  if (typeof value === "object" && value !== null && "$undefined" in value) return undefined;
  return jsonToConvex(value);
}

/** The documents of `candidates` matching `text`, best first. */
export function rank(candidates: Doc[], field: string, text: string): Doc[] {
  const queryTerms = [...new Set(tokenize(text).slice(0, MAX_QUERY_TERMS))];
  if (queryTerms.length === 0) return [];
  const last = tokenize(text).slice(0, MAX_QUERY_TERMS).at(-1) as string;
  const docs = candidates.map((doc) => ({ doc, terms: termsOf(doc, field) }));
  const total = docs.length;
  const averageLength = docs.reduce((sum, d) => sum + d.terms.length, 0) / Math.max(total, 1);
  const matches = (term: string, queryTerm: string) =>
    term === queryTerm || (queryTerm === last && term.startsWith(queryTerm));
  // Documents containing each query term, for its inverse document frequency.
  const containing = new Map<string, number>();
  for (const queryTerm of queryTerms) {
    containing.set(
      queryTerm,
      docs.filter((d) => d.terms.some((t) => matches(t, queryTerm))).length,
    );
  }
  const scored: { doc: Doc; score: number }[] = [];
  for (const { doc, terms } of docs) {
    let score = 0;
    for (const queryTerm of queryTerms) {
      const frequency = terms.filter((t) => matches(t, queryTerm)).length;
      if (frequency === 0) continue;
      const n = containing.get(queryTerm) as number;
      const idf = Math.log(1 + (total - n + 0.5) / (n + 0.5));
      const norm = K1 * (1 - B + (B * terms.length) / (averageLength || 1));
      score += (idf * (frequency * (K1 + 1))) / (frequency + norm);
    }
    if (score > 0) scored.push({ doc, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      compareValues(b.doc._creationTime as Value, a.doc._creationTime as Value),
  );
  return scored.map((s) => s.doc);
}

export function installTextSearch(database: DatabaseInternals): void {
  const db = database as SearchableDatabase;
  const resolve = db._resolveQuerySource.bind(db);
  db._resolveQuerySource = (query: Query): Resolved => {
    const { source } = query;
    if (source.type !== "Search") return resolve(query);
    const indexName = source.indexName ?? "";
    const [table = "", index = ""] = indexName.split(".");
    const definition = db._schema?.tables
      .get(table)
      ?.searchIndexes?.find((searchIndex) => searchIndex.indexDescriptor === index);
    if (!definition) {
      throw new Error(
        `Cannot use search index "${index}" for table "${table}" because it is not declared in the schema.`,
      );
    }
    let text: string | null = null;
    const equalities: SearchFilter[] = [];
    for (const filter of source.filters ?? []) {
      if (filter.type === "Search") {
        if (filter.fieldPath !== definition.searchField) {
          throw new Error(
            `Search query against ${indexName} contains a search filter against "${filter.fieldPath}", which doesn't match the indexed \`searchField\` "${definition.searchField}".`,
          );
        }
        text = String(filter.value);
      } else {
        if (!definition.filterFields.includes(filter.fieldPath)) {
          throw new Error(
            `Search query against ${indexName} contains an equality filter on "${filter.fieldPath}" but that field isn't indexed for filtering in \`filterFields\`.`,
          );
        }
        equalities.push(filter);
      }
    }
    // The rest of the pipeline (filters, limit, the candidate check) is convex-test's own,
    // applied to an empty scan.
    const rest = resolve({
      source: { type: "FullTableScan", tableName: NO_TABLE, order: "asc" },
      operators: query.operators,
    } as unknown as Query);
    // Equality filters narrow first; the statistics are those of the remaining documents
    // (the backend's are over the whole index: the order of close scores may differ).
    const candidates: Doc[] = [];
    db._iterateDocs(table, (doc) => {
      const fits = equalities.every(
        (eq) => compareValues(fieldValue(doc, eq.fieldPath), eqValue(eq.value)) === 0,
      );
      if (fits) candidates.push(doc);
    });
    const ranked = rank(candidates, definition.searchField, text ?? "");
    return { ...rest, sortedDocs: ranked, fieldPathsToSortBy: [], order: "asc" };
  };
}
