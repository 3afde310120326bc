/**
 * The shapes of a query's source as `convex/server` sends them in a syscall (table scan,
 * index range, search), and how a document compares with them. Shared by the index cache
 * (src/index-cache.ts) and the live-query read sets (src/read-set.ts).
 */
import { compareValues, type JSONValue, jsonToConvex, type Value } from "convex/values";

export type Doc = Record<string, Value>;

export interface RangeExpression {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  value: JSONValue;
}

export interface QuerySource {
  type: "FullTableScan" | "IndexRange" | "Search";
  tableName?: string;
  indexName?: string;
  range?: RangeExpression[];
  order?: "asc" | "desc";
}

export function tableOfSource(source: QuerySource | undefined): string | null {
  if (!source) return null;
  return source.tableName ?? source.indexName?.split(".")[0] ?? null;
}

export function fieldValue(doc: Doc, path: string): Value | undefined {
  let value: unknown = doc;
  for (const part of path.split(".")) {
    value =
      value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return value as Value | undefined;
}

function boundValue(value: JSONValue): Value | undefined {
  if (typeof value === "object" && value !== null && "$undefined" in value) return undefined;
  return jsonToConvex(value);
}

/** Whether `doc` satisfies every expression of an index range. */
export function inRange(doc: Doc, range: RangeExpression[]): boolean {
  return range.every((expr) => {
    const cmp = compareValues(fieldValue(doc, expr.fieldPath), boundValue(expr.value));
    switch (expr.type) {
      case "Eq":
        return cmp === 0;
      case "Gt":
        return cmp > 0;
      case "Gte":
        return cmp >= 0;
      case "Lt":
        return cmp < 0;
      case "Lte":
        return cmp <= 0;
    }
    return false;
  });
}

/** Compares two documents on `fields` in scan order (as convex-test sorts an index). */
export function compareDocs(a: Doc, b: Doc, fields: string[], order: "asc" | "desc"): number {
  for (const field of fields) {
    const cmp = compareValues(fieldValue(a, field), fieldValue(b, field));
    if (cmp !== 0) return order === "asc" ? cmp : -cmp;
  }
  return 0;
}
