import { Base64, type JSONValue, jsonToConvex, type Value } from "convex/values";
import { tableFromId } from "./tracking.ts";

/**
 * Argument validation worded like the real backend's `ArgumentValidationError` (convex-test
 * has its own wording), from the validator JSON a function exports (`exportArgs()`). The
 * engine runs it before convex-test sees the call; values and validators print the way the
 * backend prints them (`v.object({name: v.string()})`, `"text"`, `1.0`, `{a: 1.0}`).
 */

type ValidatorJson =
  | { type: "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "any" }
  | { type: "literal"; value: JSONValue }
  | { type: "id"; tableName: string }
  | { type: "array"; value: ValidatorJson }
  | { type: "record"; keys: ValidatorJson; values: FieldJson }
  | { type: "object"; value: Record<string, FieldJson> }
  | { type: "union"; value: ValidatorJson[] };

interface FieldJson {
  fieldType: ValidatorJson;
  optional: boolean;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isObject(value: Value | undefined): value is Record<string, Value> {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof ArrayBuffer)
  );
}

function displayFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) return n.toExponential().replace("e+", "e");
  const text = String(n);
  return text.includes(".") ? text : `${text}.0`;
}

function displayString(s: string): string {
  return JSON.stringify(s)
    .replace(/\\u00([0-9a-f]{2})/g, (_m, hex: string) => `\\u{${hex.replace(/^0/, "")}}`)
    .replace(/\\b/g, "\\u{8}")
    .replace(/\\f/g, "\\u{c}");
}

/** A value as the backend prints it in error messages. */
export function displayValue(value: Value | undefined): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number") return displayFloat(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return displayString(value);
  if (value instanceof ArrayBuffer)
    return `b${JSON.stringify(Base64.fromByteArray(new Uint8Array(value)))}`;
  if (Array.isArray(value)) return `[${value.map(displayValue).join(", ")}]`;
  const object = value as Record<string, Value | undefined>;
  const fields = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort(byName);
  return `{${fields.map((key) => `${key}: ${displayValue(object[key])}`).join(", ")}}`;
}

function displayLiteral(json: JSONValue): string {
  const value = jsonToConvex(json);
  if (typeof value === "bigint") return "<bigint>";
  if (typeof value === "number") return Number.isFinite(value) ? displayFloat(value) : "<number>";
  return JSON.stringify(value);
}

function displayField(field: FieldJson): string {
  const inner = displayValidator(field.fieldType);
  return field.optional ? `v.optional(${inner})` : inner;
}

/** A validator as the backend prints it. */
export function displayValidator(validator: ValidatorJson): string {
  switch (validator.type) {
    case "null":
      return "v.null()";
    case "number":
      return "v.float64()";
    case "bigint":
      return "v.int64()";
    case "boolean":
      return "v.boolean()";
    case "string":
      return "v.string()";
    case "bytes":
      return "v.bytes()";
    case "any":
      return "v.any()";
    case "literal":
      return `v.literal(${displayLiteral(validator.value)})`;
    case "id":
      return `v.id("${validator.tableName}")`;
    case "array":
      return `v.array(${displayValidator(validator.value)})`;
    case "record":
      return `v.record(${displayValidator(validator.keys)}, ${displayField(validator.values)})`;
    case "object": {
      const fields = Object.keys(validator.value).sort(byName);
      return `v.object({${fields.map((f) => `${f}: ${displayField(validator.value[f] as FieldJson)}`).join(", ")}})`;
    }
    case "union":
      return `v.union(${validator.value.map(displayValidator).join(", ")})`;
  }
}

const pathLine = (context: string) => (context ? `Path: ${context}` : "");

function noMatch(value: Value | undefined, validator: ValidatorJson, context: string): string {
  return `Value does not match validator.\n${pathLine(context)}\nValue: ${displayValue(value)}\nValidator: ${displayValidator(validator)}`;
}

function sameValue(a: Value | undefined, b: Value): boolean {
  if (typeof a !== typeof b) return false;
  return typeof a === "number" ? Object.is(a, b) || a === b : a === b;
}

/** The first mismatch, worded as the backend's ValidationError, or null when `value` fits. */
function check(validator: ValidatorJson, value: Value | undefined, context: string): string | null {
  switch (validator.type) {
    case "any":
      return null;
    case "null":
      return value === null ? null : noMatch(value, validator, context);
    case "number":
      return typeof value === "number" ? null : noMatch(value, validator, context);
    case "bigint":
      return typeof value === "bigint" ? null : noMatch(value, validator, context);
    case "boolean":
      return typeof value === "boolean" ? null : noMatch(value, validator, context);
    case "string":
      return typeof value === "string" ? null : noMatch(value, validator, context);
    case "bytes":
      return value instanceof ArrayBuffer ? null : noMatch(value, validator, context);
    case "literal": {
      const literal = jsonToConvex(validator.value);
      if (sameValue(value, literal)) return null;
      return `\`${displayValue(value)}\` does not match literal validator \`v.literal(${displayLiteral(validator.value)})\`.${pathLine(context)}`;
    }
    case "id": {
      const table = typeof value === "string" ? tableFromId(value) : null;
      if (table === null) return noMatch(value, validator, context);
      if (table === validator.tableName) return null;
      if (table.startsWith("_")) {
        return `Found ID "${value}" from a system table, which does not match the table name in validator \`v.id("${validator.tableName}")\`.${pathLine(context)}`;
      }
      return `Found ID "${value}" from table \`${table}\`, which does not match the table name in validator \`v.id("${validator.tableName}")\`.${pathLine(context)}`;
    }
    case "array": {
      if (!Array.isArray(value)) return noMatch(value, validator, context);
      for (const [i, item] of value.entries()) {
        const error = check(validator.value, item, `${context}[${i}]`);
        if (error) return error;
      }
      return null;
    }
    case "record": {
      if (!isObject(value)) return noMatch(value, validator, context);
      for (const key of Object.keys(value).sort(byName)) {
        const keyError = check(validator.keys, key, `${context}.keys()`);
        if (keyError) return keyError;
        const valueError = check(validator.values.fieldType, value[key], `${context}.values()`);
        if (valueError) return valueError;
      }
      return null;
    }
    case "object": {
      if (!isObject(value)) return noMatch(value, validator, context);
      const fields = validator.value;
      for (const name of Object.keys(fields).sort(byName)) {
        const field = fields[name] as FieldJson;
        if (value[name] !== undefined) {
          const error = check(field.fieldType, value[name], `${context}.${name}`);
          if (error) return error;
        } else if (!field.optional) {
          return `Object is missing the required field \`${name}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n${pathLine(context)}\nObject: ${displayValue(value)}\nValidator: ${displayValidator(validator)}`;
        }
      }
      for (const name of Object.keys(value).sort(byName)) {
        if (value[name] !== undefined && !(name in fields)) {
          return `Object contains extra field \`${name}\` that is not in the validator.\n${pathLine(context)}\nObject: ${displayValue(value)}\nValidator: ${displayValidator(validator)}`;
        }
      }
      return null;
    }
    case "union": {
      if (validator.value.length === 1)
        return check(validator.value[0] as ValidatorJson, value, context);
      const fits = validator.value.some((member) => check(member, value, context) === null);
      return fits ? null : noMatch(value, validator, context);
    }
  }
}

/**
 * The error a client gets for arguments that do not match the function's `args`, or null.
 * `argsJson` is the function's `exportArgs()`.
 */
export function argumentValidationError(argsJson: string, args: Value): string | null {
  const validator = JSON.parse(argsJson) as ValidatorJson;
  if (validator.type === "any") return null;
  if (!isObject(args)) {
    return `ArgumentValidationError: Expected to receive an object as the function's argument. Instead received: ${displayValue(args)}`;
  }
  const error = check(validator, args, "");
  return error === null ? null : `ArgumentValidationError: ${error}`;
}
