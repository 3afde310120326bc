/**
 * Rules on structured outputs and strict tools: their schemas within the supported JSON
 * Schema subset (standin-schema.ts), at most 20 strict tools, at most 24 optional
 * parameters in all.
 *
 * Read by the rule table (standin-rules.ts), which sets the order rules are checked in.
 */
import { DOC } from "./standin-docs.ts";
import { everyModel, type StandinRule } from "./standin-rule-types.ts";
import { optionalParams, schemaProblem, strictSchemas } from "./standin-schema.ts";

export const STRUCTURED_OUTPUT_RULES: StandinRule[] = [
  {
    id: "json-schema-output",
    title: "output_config.format json_schema must stay within the supported JSON Schema subset",
    url: `${DOC.structuredOutputs}#json-schema-limitations`,
    messageSource: "observed",
    appliesTo: everyModel,
    countTokens: true,
    check: ({ body }) => {
      const format = body.output_config?.format;
      if (!format) return undefined;
      if (format.type !== "json_schema")
        return `output_config.format.type: Input should be 'json_schema'`;
      return schemaProblem(format.schema, "output_config.format.schema");
    },
  },
  {
    id: "strict-tool-schema",
    title: "strict tools' input_schema must stay within the supported JSON Schema subset",
    url: `${DOC.structuredOutputs}#json-schema-limitations`,
    messageSource: "observed",
    appliesTo: everyModel,
    countTokens: true,
    check: ({ body }) => {
      for (const [i, tool] of (body.tools ?? []).entries()) {
        if (tool.strict !== true) continue;
        const problem = schemaProblem(tool.input_schema, `tools.${i}.custom.input_schema`);
        if (problem) return problem;
      }
      return undefined;
    },
  },
  {
    id: "strict-tool-count",
    title: "at most 20 strict tools",
    url: DOC.strictToolUse,
    messageSource: "observed",
    appliesTo: everyModel,
    countTokens: true,
    check: ({ body }) => {
      const n = (body.tools ?? []).filter((t) => t.strict === true).length;
      return n > 20
        ? `Too many strict tools (${n}). The maximum number of strict tools supported is 20. Try reducing the number of tools marked as strict.`
        : undefined;
    },
  },
  {
    id: "strict-optional-params",
    title: "at most 24 optional parameters over all strict schemas and the output format",
    url: `${DOC.structuredOutputs}#json-schema-limitations`,
    messageSource: "observed",
    appliesTo: everyModel,
    countTokens: true,
    check: ({ body }) => {
      const n = strictSchemas(body).reduce<number>((sum, s) => sum + optionalParams(s), 0);
      return n > 24
        ? `Schemas contains too many optional parameters (${n}), which would make grammar compilation inefficient. Reduce the number of optional parameters in your tool schemas (limit: 24).`
        : undefined;
    },
  },
];
