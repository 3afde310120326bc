import { getConvexSize, type Value } from "convex/values";
import type { DatabaseInternals } from "./engine.ts";
import { tableFromId } from "./tracking.ts";

/**
 * Convex's documented value limits, which convex-test does not enforce, with the real
 * backend's error wording. The engine checks function arguments and return values; the
 * database wrapper below checks every document written (insert, patch, replace).
 * Transaction limits (documents scanned, data read/written, index ranges) are convex-test's
 * own `transactionLimits` option, enabled by the engine.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

// https://docs.convex.dev/production/state/limits (Documents: "Size 1 MiB")
export const MAX_DOCUMENT_SIZE = 1 * MiB;
// https://docs.convex.dev/production/state/limits (Documents: "Field nesting depth 16")
export const MAX_DOCUMENT_NESTING = 16;
// https://docs.convex.dev/production/state/limits (Documents: "Fields 1024", per object)
export const MAX_OBJECT_FIELDS = 1024;
// https://docs.convex.dev/production/state/limits (Documents: "Array elements 8192")
export const MAX_ARRAY_ELEMENTS = 8192;
// https://docs.convex.dev/production/state/limits (Functions: "Function argument size 16 MiB")
export const MAX_ARGUMENTS_SIZE = 16 * MiB;
// https://docs.convex.dev/production/state/limits (Functions: "Function return value size 16 MiB")
export const MAX_RETURN_VALUE_SIZE = 16 * MiB;
// Not on the limits page: any value (arguments, results) nests at most 64 levels deep.
export const MAX_VALUE_NESTING = 64;

/** Sizes as the backend prints them: "512 B", "1 MiB", "1.05 MiB". */
export function formatSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 ? String(value) : value.toFixed(2).replace(/\.?0+$/, "");
  return `${text} ${units[unit]}`;
}

/** Levels of objects and arrays: a number is 0, `[1]` is 1, `{ a: [1] }` is 2. */
export function nestingOf(value: Value | undefined): number {
  if (Array.isArray(value)) {
    let deepest = 0;
    for (const item of value) deepest = Math.max(deepest, nestingOf(item));
    return deepest + 1;
  }
  if (value !== null && typeof value === "object" && !(value instanceof ArrayBuffer)) {
    let deepest = 0;
    for (const item of Object.values(value)) deepest = Math.max(deepest, nestingOf(item));
    return deepest + 1;
  }
  return 0;
}

/** Field counts and array lengths, at every level (the backend checks each value it builds). */
function checkShape(value: Value | undefined): void {
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY_ELEMENTS) {
      throw new Error(
        `Array length is too long (${value.length} > maximum length ${MAX_ARRAY_ELEMENTS})`,
      );
    }
    for (const item of value) checkShape(item);
    return;
  }
  if (value !== null && typeof value === "object" && !(value instanceof ArrayBuffer)) {
    const object = value as Record<string, Value | undefined>;
    const fields = Object.keys(object).filter((key) => object[key] !== undefined);
    if (fields.length > MAX_OBJECT_FIELDS) {
      throw new Error(
        `Object has too many fields (${fields.length} > maximum number ${MAX_OBJECT_FIELDS})`,
      );
    }
    for (const field of fields) checkShape(object[field]);
  }
}

/** Any value crossing the function boundary (arguments, results). */
export function checkValue(value: Value | undefined): void {
  checkShape(value);
  const nesting = nestingOf(value);
  if (nesting > MAX_VALUE_NESTING) {
    throw new Error(
      `Value is too nested (nested ${nesting} levels deep > maximum nesting ${MAX_VALUE_NESTING})`,
    );
  }
}

/** Arguments, as the backend checks them before running the function. */
export function argumentsError(canonicalPath: string, args: Value): string | null {
  // Parsing the arguments builds Convex values, which checks their shape first.
  try {
    checkValue(args);
  } catch (error) {
    return `Invalid arguments for ${canonicalPath}: ${(error as Error).message}`;
  }
  // The backend measures the arguments array the client sends ([args]).
  const size = getConvexSize([args]);
  if (size > MAX_ARGUMENTS_SIZE) {
    return `Arguments for ${canonicalPath} are too large (actual: ${formatSize(size)}, limit: ${formatSize(MAX_ARGUMENTS_SIZE)})`;
  }
  return null;
}

/** A function's return value, checked before it is sent. */
export function returnValueError(canonicalPath: string, value: Value): string | null {
  const size = getConvexSize(value);
  if (size > MAX_RETURN_VALUE_SIZE) {
    return `Function ${canonicalPath} return value is too large (actual: ${formatSize(size)}, limit: ${formatSize(MAX_RETURN_VALUE_SIZE)})`;
  }
  return null;
}

/** A document about to be written, system fields included. */
export function checkDocument(document: Record<string, Value>): void {
  checkShape(document);
  // https://docs.convex.dev/production/state/limits (Restrictions: no top-level "_" fields
  // other than _id and _creationTime)
  const systemField = Object.keys(document).find(
    (field) => field.startsWith("_") && field !== "_id" && field !== "_creationTime",
  );
  if (systemField !== undefined) {
    throw new Error(
      `Document isn't a valid document: Field '${systemField}' starts with an underscore, which is only allowed for system fields like '_id'`,
    );
  }
  const nesting = nestingOf(document);
  if (nesting > MAX_DOCUMENT_NESTING) {
    throw new Error(
      `Document is too nested (nested ${nesting} levels deep > maximum nesting ${MAX_DOCUMENT_NESTING})`,
    );
  }
  const size = getConvexSize(document);
  if (size > MAX_DOCUMENT_SIZE) {
    throw new Error(
      `Value is too large (${formatSize(size)} > maximum size ${formatSize(MAX_DOCUMENT_SIZE)})`,
    );
  }
}

interface WritableDatabase extends DatabaseInternals {
  _addWrite(id: string, document: Record<string, Value> | null): void;
}

/**
 * Checks every document convex-test is about to write to a user table: insert, patch and
 * replace all end in `_addWrite` with the whole new document. The error is thrown inside the
 * function's `ctx.db` call, as on Convex, so the function can catch it.
 */
export function installDocumentLimits(database: DatabaseInternals): void {
  const db = database as WritableDatabase;
  const addWrite = db._addWrite.bind(db);
  db._addWrite = (id, document) => {
    const table = tableFromId(id);
    if (document !== null && table !== null && !table.startsWith("_")) checkDocument(document);
    addWrite(id, document);
  };
}
