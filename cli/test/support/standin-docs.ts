/**
 * Where the stand-in's rules come from: the documentation pages of the Anthropic Messages
 * API, by topic. Every rule and model description cites one of these.
 *
 * Read by standin-models.ts, the rule files (standin-rules-*.ts), anthropic-standin.ts
 * (`STANDIN_DOCS`) and standin-rules.test.ts.
 */
const DOCS = "https://platform.claude.com/docs/en";
export const DOC = {
  modelsOverview: `${DOCS}/about-claude/models/overview`,
  sonnet55: `${DOCS}/models/sonnet-5-5/overview`,
  sonnet55WhatsNew: `${DOCS}/models/sonnet-5-5/whats-new-sonnet-5-5`,
  sonnet55Migration: `${DOCS}/models/sonnet-5-5/migration-guide`,
  opus55: `${DOCS}/models/opus-5-5/overview`,
  opus55WhatsNew: `${DOCS}/models/opus-5-5/whats-new-opus-5-5`,
  opus55Migration: `${DOCS}/models/opus-5-5/migration-guide`,
  haiku45: `${DOCS}/models/haiku-4-5/overview`,
  thinking: `${DOCS}/build-with-claude/thinking`,
  thinkingTroubleshooting: `${DOCS}/build-with-claude/thinking-troubleshooting`,
  extendedThinking: `${DOCS}/build-with-claude/extended-thinking`,
  prefillNotSupported: `${DOCS}/api/errors#prefill-not-supported`,
  validationErrors: `${DOCS}/api/errors#common-validation-errors`,
  strictToolUse: `${DOCS}/agents-and-tools/tool-use/strict-tool-use`,
  effort: `${DOCS}/build-with-claude/effort`,
  handleToolCalls: `${DOCS}/agents-and-tools/tool-use/handle-tool-calls`,
  messages: `${DOCS}/build-with-claude/working-with-messages`,
  promptCaching: `${DOCS}/build-with-claude/prompt-caching`,
  structuredOutputs: `${DOCS}/build-with-claude/structured-outputs`,
  contextWindows: `${DOCS}/build-with-claude/context-windows`,
  stopReasons: `${DOCS}/build-with-claude/handling-stop-reasons`,
  streaming: `${DOCS}/build-with-claude/streaming`,
  tokenCounting: `${DOCS}/build-with-claude/token-counting`,
  errors: `${DOCS}/api/errors`,
} as const;
