/** The structured steps' tools and task texts: descriptions on every field, worked examples. */
import { describe, expect, it } from "vitest";
import { toolDefinition } from "../src/llm/index.ts";
import { STEP_TASKS } from "../src/pipeline/prompts.ts";
import {
  abstractionsOutput,
  orderOutput,
  relationshipsOutput,
  TOOLS,
} from "../src/pipeline/schemas.ts";

type Json = { [key: string]: unknown };

/**
 * Paths of schema nodes (object properties and array items) that have no description. The
 * SDK's transform moves reused parts into `$defs`: a `$ref` is followed to its definition.
 */
function undescribed(root: Json, node: unknown, path: string, out: string[]): string[] {
  if (!node || typeof node !== "object") return out;
  let n = node as Json;
  const ref = typeof n.$ref === "string" ? /^#\/\$defs\/(.+)$/.exec(n.$ref)?.[1] : undefined;
  if (ref) n = { ...((root.$defs as Json)[ref] as Json), ...n };
  if (path !== "" && typeof n.description !== "string") out.push(path);
  for (const [key, child] of Object.entries((n.properties as Json | undefined) ?? {}))
    undescribed(root, child, `${path}.${key}`, out);
  if (n.items) undescribed(root, n.items, `${path}[]`, out);
  for (const alt of [...((n.anyOf as unknown[]) ?? []), ...((n.allOf as unknown[]) ?? [])])
    undescribed(root, alt, path, out);
  return out;
}

describe("structured step tools", () => {
  it("describe every field in the JSON schema the API receives", () => {
    for (const tool of Object.values(TOOLS)) {
      const schema = toolDefinition(tool).input_schema as Json;
      const missing = undescribed(schema, schema, "", []);
      expect(missing, tool.name).toEqual([]);
      // And the nested fields are really there (not flattened away).
      expect(JSON.stringify(schema)).toContain('"description"');
    }
  });
});

describe("step tasks", () => {
  const tasks = {
    abstractions: {
      text: STEP_TASKS.abstractions(6),
      tool: "record_abstractions",
      schema: abstractionsOutput,
    },
    relationships: {
      text: STEP_TASKS.relationships(),
      tool: "record_relationships",
      schema: relationshipsOutput,
    },
    order: { text: STEP_TASKS.order(), tool: "record_order", schema: orderOutput },
  };

  it("keep the task tag first and end by asking for the tool call", () => {
    for (const [kind, t] of Object.entries(tasks)) {
      expect(t.text.startsWith(`<task kind="${kind}"/>`)).toBe(true);
      const last = t.text.trim().split("\n").pop() ?? "";
      expect(last).toMatch(new RegExp(`call ${t.tool}\\b`));
    }
    expect(tasks.abstractions.text).toMatch(/to 6 core abstractions/);
  });

  it("carry one worked example, marked as such, valid for the tool's schema", () => {
    for (const t of Object.values(tasks)) {
      const examples = [...t.text.matchAll(/<example>\n([\s\S]*?)\n<\/example>/g)];
      expect(examples).toHaveLength(1);
      const before = t.text.slice(0, examples[0]?.index);
      expect(before).toMatch(/Example only/);
      expect(before).toMatch(/not your answer/);
      expect(t.schema.safeParse(JSON.parse(examples[0]?.[1] ?? "")).success).toBe(true);
      // No tag the stand-in or the pipeline reads may appear in an example.
      expect(examples[0]?.[1]).not.toMatch(/<(task|files|file|abstractions|course_plan)\b/);
    }
  });
});
