import { createHash } from "node:crypto";
import { ConvexError } from "convex/values";
import type { DatabaseInternals } from "./engine.ts";

/**
 * Pagination cursors that belong to one query, as on Convex. convex-test's cursors are the
 * sort keys of the last row, accepted by any query (a cursor from another query silently
 * gave an empty or wrong page). Here each cursor carries a fingerprint of its query (table,
 * index, range, order, filters): a cursor from a different query fails with Convex's
 * `InvalidCursor` error (a ConvexError whose data `usePaginatedQuery` recognises, so it
 * starts over), and one that is not a cursor at all with "Failed to parse cursor".
 * Installed by the engine around convex-test's `paginate`.
 */

/** convex-test's "past the end" cursor; kept as is (the journal code compares against it). */
const END_CURSOR = "_end_cursor";

interface PaginateArgs {
  query: unknown;
  cursor: string | null;
  endCursor?: string | null;
  [option: string]: unknown;
}

interface PageResult {
  continueCursor: string;
  splitCursor: string | null;
  [field: string]: unknown;
}

type Doc = Record<string, unknown>;

interface PaginatingDatabase extends DatabaseInternals {
  paginate(args: PaginateArgs): PageResult;
  _resolveQuerySource(query: unknown): { sortedDocs: Doc[]; filterFn: (doc: Doc) => boolean };
}

// https://docs.convex.dev/search/text-search#limits ("scan up to 1024 results")
const MAX_SEARCH_RESULTS = 1024;

/**
 * A page of a text search, whose rows come in relevance order (not an index order a sort-key
 * cursor can resume from): cursors hold the position in that order.
 */
function rankedPage(db: PaginatingDatabase, args: PaginateArgs, start: number, end: number | null) {
  const { sortedDocs, filterFn } = db._resolveQuerySource(args.query);
  const pageSize = Number(args.pageSize ?? 0);
  const maximumRowsRead = Number(args.maximumRowsRead ?? 0);
  const page: Doc[] = [];
  let position = start;
  let rows = 0;
  while (position < sortedDocs.length && (end === null ? page.length < pageSize : position < end)) {
    if (position >= MAX_SEARCH_RESULTS) {
      throw new Error(
        `Search query scanned too many documents (fetched ${MAX_SEARCH_RESULTS}). Consider using a smaller limit, paginating the query, or using a filter field to limit the number of documents pulled from the search index.`,
      );
    }
    const doc = sortedDocs[position] as Doc;
    position += 1;
    rows += 1;
    if (filterFn(doc)) page.push(doc);
    if (maximumRowsRead && rows >= maximumRowsRead) break;
  }
  const isDone = position >= sortedDocs.length && (end === null || end >= sortedDocs.length);
  return { page, isDone, position, splitCursor: null, pageStatus: null };
}

const POSITION = /^#(\d+)$/;

/** https://docs.convex.dev/database/pagination — the error a foreign cursor gets. */
export function invalidCursorError(): ConvexError<{
  isConvexSystemError: boolean;
  paginationError: string;
}> {
  const error = new ConvexError({ isConvexSystemError: true, paginationError: "InvalidCursor" });
  error.message =
    "InvalidCursor: Tried to run a query starting from a cursor, but it looks like this cursor is from a different query.";
  return error;
}

function fingerprint(query: unknown): string {
  const { source, operators } = query as { source: unknown; operators: unknown[] };
  // A limit does not change which rows a position refers to; filters and the range do.
  const filters = (operators ?? []).filter(
    (op) => !(op && typeof op === "object" && "limit" in op),
  );
  return createHash("sha256")
    .update(JSON.stringify({ source, filters }))
    .digest("base64url")
    .slice(0, 16);
}

function encode(cursor: string, print: string): string {
  if (cursor === END_CURSOR) return cursor;
  return Buffer.from(JSON.stringify({ q: print, k: cursor })).toString("base64url");
}

function decode(cursor: string | null | undefined, print: string): string | null | undefined {
  if (cursor === null || cursor === undefined || cursor === END_CURSOR) return cursor;
  let parsed: { q?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new Error("Failed to parse cursor");
  }
  if (typeof parsed !== "object" || parsed === null || typeof parsed.k !== "string") {
    throw new Error("Failed to parse cursor");
  }
  if (parsed.q !== print) throw invalidCursorError();
  return parsed.k;
}

export function installQueryCursors(database: DatabaseInternals): void {
  const db = database as PaginatingDatabase;
  const paginate = db.paginate.bind(db);
  db.paginate = (args) => {
    const print = fingerprint(args.query);
    if ((args.query as { source?: { type?: string } }).source?.type === "Search") {
      const at = (cursor: string | null | undefined, fallback: number | null) => {
        const decoded = decode(cursor, print);
        if (decoded === null || decoded === undefined) return fallback;
        if (decoded === END_CURSOR) return Number.MAX_SAFE_INTEGER;
        const match = POSITION.exec(decoded);
        if (!match) throw invalidCursorError();
        return Number(match[1]);
      };
      const result = rankedPage(db, args, at(args.cursor, 0) as number, at(args.endCursor, null));
      return {
        page: result.page,
        isDone: result.isDone,
        continueCursor: result.isDone ? END_CURSOR : encode(`#${result.position}`, print),
        splitCursor: null,
        pageStatus: null,
      } as unknown as PageResult;
    }
    const result = paginate({
      ...args,
      cursor: decode(args.cursor, print) ?? null,
      endCursor: decode(args.endCursor, print),
    });
    return {
      ...result,
      continueCursor: encode(result.continueCursor, print),
      splitCursor: result.splitCursor === null ? null : encode(result.splitCursor, print),
    };
  };
}
