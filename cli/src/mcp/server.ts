/**
 * `fondation mcp <course folder>`: one course served to a coding agent over stdio with the
 * official MCP SDK. Tools: list_courses, read_outline, read_lesson, search, ask. Stdout is
 * the protocol's alone; everything else (warnings, errors) goes to stderr. A tool that
 * fails answers with isError and a sentence; the server keeps running.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type OpenedCourse, openCourse } from "../ask/index.ts";
import * as tools from "./tools.ts";

const VERSION = "0.1.0";

export interface McpOptions {
  repo?: string;
  env: Record<string, string | undefined>;
  offline?: boolean;
  model?: string;
  log: (line: string) => void;
}

export function buildServer(opened: OpenedCourse, options: McpOptions): McpServer {
  const server = new McpServer(
    { name: "fondation", version: VERSION },
    {
      instructions: `Course "${tools.courseId(opened)}" about a code repository. Use search to find declarations and lessons, read_lesson to read one, ask for an answer that cites path:start-end lines.`,
    },
  );
  const course = z
    .string()
    .optional()
    .describe("Course id from list_courses (optional: this server has one course)");
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    "list_courses",
    { description: "The course this server serves, with its id and size.", annotations: readOnly },
    () => run(() => tools.listCourses(opened)),
  );
  server.registerTool(
    "read_outline",
    {
      description: "The course's chapters and tutorials in reading order, with their slugs.",
      inputSchema: { course },
      annotations: readOnly,
    },
    ({ course: id }) =>
      run(() => {
        tools.checkCourse(opened, id);
        return tools.readOutline(opened);
      }),
  );
  server.registerTool(
    "read_lesson",
    {
      description: "One lesson's markdown (its code is cited as path:start-end).",
      inputSchema: { course, slug: z.string().describe("Lesson slug from read_outline") },
      annotations: readOnly,
    },
    ({ course: id, slug }) =>
      run(() => {
        tools.checkCourse(opened, id);
        return tools.readLesson(opened, slug);
      }),
  );
  server.registerTool(
    "search",
    {
      description:
        "Ranked search over the repository's declarations and the course's lessons; each hit cites path:start-end.",
      inputSchema: {
        course,
        query: z.string().min(1).max(500),
        limit: z.number().int().min(1).max(tools.MAX_SEARCH_HITS).optional(),
      },
      annotations: readOnly,
    },
    ({ course: id, query, limit }) =>
      run(() => {
        tools.checkCourse(opened, id);
        return tools.search(opened, query, limit);
      }),
  );
  server.registerTool(
    "ask",
    {
      description:
        "Answer a question about the repository from the course and its code, citing path:start-end lines that exist. Without an API key the answer is the best-ranked passages, labelled as such.",
      inputSchema: { course, question: z.string().min(1).max(2000) },
      annotations: { readOnlyHint: true, openWorldHint: !options.offline },
    },
    ({ course: id, question }, extra) =>
      run(async () => {
        tools.checkCourse(opened, id);
        const token = extra._meta?.progressToken;
        let streamed = 0;
        // Every progress notification is written before the result: the client drops the
        // ones that arrive after it (the request is over), so none may overtake it.
        let notified: Promise<void> = Promise.resolve();
        const answer = await tools.ask(opened, question, {
          env: options.env,
          signal: extra.signal,
          onWarning: options.log,
          ...(options.offline ? { offline: true } : {}),
          ...(options.model ? { model: options.model } : {}),
          // The answer's text as it streams, for clients that asked for progress.
          ...(token !== undefined
            ? {
                onText: (delta: string) => {
                  streamed += delta.length;
                  const params = { progressToken: token, progress: streamed, message: delta };
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
        return answer;
      }),
  );
  return server;

  async function run(
    work: () => tools.ToolOutput | Promise<tools.ToolOutput>,
  ): Promise<CallToolResult> {
    try {
      const out = await work();
      return { content: [{ type: "text", text: out.text }], structuredContent: out.structured };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof tools.ToolError)) options.log(`tool failed: ${message}`);
      return { isError: true, content: [{ type: "text", text: message }] };
    }
  }
}

/** Opens the course (failing before any protocol message if it cannot) and serves it until stdin closes. */
export async function serveStdio(courseFolder: string, options: McpOptions): Promise<void> {
  const opened = await openCourse(courseFolder, options.repo ? { repo: options.repo } : {});
  for (const w of opened.warnings) options.log(w);
  const server = buildServer(opened, options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    process.stdin.once("end", resolve);
    process.stdin.once("close", resolve);
  });
  await server.connect(transport);
  options.log(`serving the course "${tools.courseId(opened)}" over stdio`);
  await closed;
  await server.close();
}
