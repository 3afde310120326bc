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

interface PaginatingDatabase extends DatabaseInternals {
  paginate(args: PaginateArgs): PageResult;
}

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
