/**
 * The JSON Schema subset that structured outputs and strict tools accept, as the stand-in
 * checks it, and the count of optional parameters the API limits.
 *
 * Read by the structured-output rules (standin-rules-structured.ts).
 */
import type { MessagesBody } from "./standin-request.ts";

// ---------------------------------------------------------------------------------------
// The supported JSON Schema subset (structured outputs page, "JSON Schema limitations"), as
// the SDK's own transform (lib/transform-json-schema.ts) also encodes it: every object sets
// `additionalProperties: false`; numeric, string-length and array-size constraints other
// than `minItems` 0 or 1 are refused; `oneOf` is refused (use `anyOf`); enums hold only
// primitives; string formats from a fixed list.

const SUPPORTED_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "enum",
  "const",
  "anyOf",
  "allOf",
  "$ref",
  "$defs",
  "definitions",
  "description",
  "title",
  "default",
  "format",
  "pattern",
  "$schema",
]);
const SUPPORTED_FORMATS = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "uri",
  "ipv4",
  "ipv6",
  "uuid",
]);

/** The first place where a schema leaves the supported subset, as the API words it. */
export function schemaProblem(schema: unknown, path: string): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    return `${path}: schema must be an object`;
  const s = schema as Record<string, unknown>;
  const own = keywordProblem(s, path);
  if (own) return own;
  for (const [child, childPath] of childSchemas(s, path)) {
    const problem = schemaProblem(child, childPath);
    if (problem) return problem;
  }
  return undefined;
}

/** What is wrong with this schema's own keywords, not looking into its children. */
function keywordProblem(s: Record<string, unknown>, path: string): string | undefined {
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const unsupported = Object.keys(s).filter((k) => !SUPPORTED_KEYWORDS.has(k));
  if (unsupported.length > 0) {
    const t = typeof s.type === "string" ? s.type : "schema";
    return `${path}: For '${t}' type, properties ${unsupported.sort().join(", ")} are not supported`;
  }
  if (types.includes("object")) {
    if (s.additionalProperties !== false)
      return `${path}: For 'object' type, 'additionalProperties' must be explicitly set to false`;
  }
  if (s.minItems !== undefined && s.minItems !== 0 && s.minItems !== 1)
    return `${path}: For 'array' type, 'minItems' values other than 0 or 1 are not supported`;
  if (s.format !== undefined && !SUPPORTED_FORMATS.has(String(s.format)))
    return `${path}: For 'string' type, format '${String(s.format)}' is not supported`;
  if (typeof s.pattern === "string" && /\(\?[=!<]|\\[bB1-9]/.test(s.pattern))
    return `${path}: For 'string' type, the regex pattern uses a feature that is not supported (backreferences, lookaround, word boundaries)`;
  if (Array.isArray(s.enum) && s.enum.some((v) => typeof v === "object" && v !== null))
    return `${path}: enum values must be strings, numbers, booleans or null`;
  return undefined;
}

/** The schemas nested in this one (properties, items, anyOf/allOf, $defs), with their paths. */
function childSchemas(s: Record<string, unknown>, path: string): Array<[unknown, string]> {
  const children: Array<[unknown, string]> = [];
  if (s.properties && typeof s.properties === "object")
    for (const [k, v] of Object.entries(s.properties))
      children.push([v, `${path}.properties.${k}`]);
  if (s.items !== undefined) children.push([s.items, `${path}.items`]);
  for (const key of ["anyOf", "allOf"] as const)
    if (Array.isArray(s[key]))
      for (const [i, v] of (s[key] as unknown[]).entries())
        children.push([v, `${path}.${key}.${i}`]);
  for (const key of ["$defs", "definitions"] as const)
    if (s[key] && typeof s[key] === "object")
      for (const [k, v] of Object.entries(s[key] as object))
        children.push([v, `${path}.${key}.${k}`]);
  return children;
}

/** The schemas the optional-parameter limit counts: strict tools' inputs and the output format. */
export function strictSchemas(body: MessagesBody): unknown[] {
  const out: unknown[] = (body.tools ?? [])
    .filter((t) => t.strict === true)
    .map((t) => t.input_schema);
  if (body.output_config?.format?.schema) out.push(body.output_config.format.schema);
  return out;
}

/** Optional parameters (properties not required) of a schema and of all it nests. */
export function optionalParams(schema: unknown): number {
  if (typeof schema !== "object" || schema === null) return 0;
  const s = schema as Record<string, unknown>;
  let n = 0;
  if (s.properties && typeof s.properties === "object") {
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    for (const [k, v] of Object.entries(s.properties)) {
      if (!required.has(k)) n++;
      n += optionalParams(v);
    }
  }
  if (s.items) n += optionalParams(s.items);
  for (const key of ["anyOf", "allOf"])
    if (Array.isArray(s[key])) for (const v of s[key] as unknown[]) n += optionalParams(v);
  for (const key of ["$defs", "definitions"])
    if (s[key] && typeof s[key] === "object")
      for (const v of Object.values(s[key] as object)) n += optionalParams(v);
  return n;
}
