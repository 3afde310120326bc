/**
 * The MCP server over Streamable HTTP (route: web/src/app/api/mcp/route.ts): one McpServer
 * per request (stateless), bound to the request's token. Tools: list_courses, read_outline,
 * read_lesson, search, ask, with the names and arguments of the CLI's stdio server. A tool
 * that fails answers with isError and a sentence; only unexpected failures are logged, and
 * never with the token.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { waitForAnswer } from "./answer.ts";
import { type Backend, describeError, ToolError } from "./backend.ts";
import * as tools from "./tools.ts";

const VERSION = "0.1.0";
/** How long `ask` waits for the worker's answer before saying it is still coming. */
export const ASK_TIMEOUT_MS = 120_000;

export function buildMcpServer(backend: Backend, askTimeoutMs = ASK_TIMEOUT_MS): McpServer {
  const server = new McpServer(
    { name: "fondation", version: VERSION },
    {
      instructions:
        "Courses about code repositories, from Fondation. Call list_courses for their ids, read_outline and read_lesson to read one, search to find lessons, ask for an answer that cites path:start-end lines.",
    },
  );
  const course = z
    .string()
    .optional()
    .describe("Course id from list_courses (optional when you have one course)");
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    "list_courses",
    { description: "Your courses in Fondation, with their ids and sizes.", annotations: readOnly },
    () => run(() => tools.listCourses(backend)),
  );
  server.registerTool(
    "read_outline",
    {
      description: "The course's chapters and tutorials in reading order, with their slugs.",
      inputSchema: { course },
      annotations: readOnly,
    },
    ({ course: id }) =>
      run(async () => tools.readOutline(backend, await tools.resolveCourse(backend, id))),
  );
  server.registerTool(
    "read_lesson",
    {
      description: "One lesson's markdown (its code is cited as path:start-end).",
      inputSchema: { course, slug: z.string().describe("Lesson slug from read_outline") },
      annotations: readOnly,
    },
    ({ course: id, slug }) =>
      run(async () => tools.readLesson(backend, await tools.resolveCourse(backend, id), slug)),
  );
  server.registerTool(
    "search",
    {
      description:
        "Ranked search over the course's lessons (titles, prose, code); each hit names its lesson and section.",
      inputSchema: {
        course,
        query: z.string().min(1).max(500),
        limit: z.number().int().min(1).max(tools.MAX_SEARCH_HITS).optional(),
      },
      annotations: readOnly,
    },
    ({ course: id, query, limit }) =>
      run(async () => tools.search(backend, await tools.resolveCourse(backend, id), query, limit)),
  );
  server.registerTool(
    "ask",
    {
      description:
        "Answer a question about the repository from the course and its code, citing path:start-end lines. Fondation's worker writes the answer; this waits for it (up to two minutes).",
      inputSchema: { course, question: z.string().min(1).max(2000) },
      annotations: { readOnlyHint: false, openWorldHint: true },
    },
    ({ course: id, question }, extra) =>
      run(async () => {
        const courseId = await tools.resolveCourse(backend, id);
        const { questionId } = await backend.ask(courseId, question);
        const progressToken = extra._meta?.progressToken;
        let sent = "";
        // Progress is written in order, and all of it before the result (see the CLI's server).
        let notified: Promise<void> = Promise.resolve();
        const state = await waitForAnswer(backend.convexUrl, backend.token, questionId, {
          timeoutMs: askTimeoutMs,
          signal: extra.signal,
          ...(progressToken !== undefined
            ? {
                onText: (answer: string) => {
                  const delta = answer.startsWith(sent) ? answer.slice(sent.length) : answer;
                  sent = answer;
                  const params = { progressToken, progress: answer.length, message: delta };
                  notified = notified
                    .then(() =>
                      extra.sendNotification({ method: "notifications/progress", params }),
                    )
                    .catch(() => {});
                },
              }
            : {}),
        });
        await notified;
        return tools.answerOutput(state);
      }),
  );
  return server;

  function run(work: () => Promise<tools.ToolOutput>): Promise<CallToolResult> {
    return runTool(work, backend.token);
  }
}

async function runTool(
  work: () => Promise<tools.ToolOutput>,
  token: string,
): Promise<CallToolResult> {
  try {
    const out = await work();
    return { content: [{ type: "text", text: out.text }], structuredContent: out.structured };
  } catch (error) {
    const message =
      error instanceof ToolError
        ? error.message
        : "Fondation could not answer this call. Try again; if it keeps failing, tell the operator.";
    if (!(error instanceof ToolError)) {
      console.error(`mcp: tool failed: ${describeError(error, token)}`);
    }
    return { isError: true, content: [{ type: "text", text: message }] };
  }
}
