/**
 * The MCP server's only way into Fondation (used by server.ts and answer.ts): the
 * token-scoped Convex functions of convex/mcpAccess.ts, called with the bearer token of the
 * HTTP request. A refusal from Convex becomes a ToolError carrying its code and sentence.
 */
import { api } from "@convex/_generated/api";
import { ConvexHttpClient } from "convex/browser";
import { ConvexError } from "convex/values";

/** A refusal the agent can act on; the server answers it as a tool error with this sentence. */
export class ToolError extends Error {
  override name = "ToolError";
  readonly code: string;
  constructor(message: string, code = "invalid_argument") {
    super(message);
    this.code = code;
  }
}

/** `error` as a ToolError when Convex refused with a user error; anything else is rethrown. */
export function toToolError(error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  if (error instanceof ConvexError) {
    const data = error.data as { code?: unknown; message?: unknown };
    if (typeof data?.message === "string") {
      return new ToolError(data.message, typeof data.code === "string" ? data.code : "error");
    }
  }
  throw error;
}

/** An unexpected error as a log line; a validator's message may quote the token: redacted. */
export function describeError(error: unknown, token: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replaceAll(token, "[token]");
}

export type Backend = ReturnType<typeof mcpBackend>;

/** The mcpAccess functions bound to one token. */
export function mcpBackend(convexUrl: string, token: string) {
  const client = new ConvexHttpClient(convexUrl);
  const call = async <R>(work: () => Promise<R>): Promise<R> => {
    try {
      return await work();
    } catch (error) {
      throw toToolError(error);
    }
  };
  return {
    convexUrl,
    token,
    authenticate: () => call(() => client.mutation(api.mcpAccess.authenticate, { token })),
    listCourses: () => call(() => client.query(api.mcpAccess.listCourses, { token })),
    outline: (courseId: string) =>
      call(() => client.query(api.mcpAccess.outline, { token, courseId })),
    lesson: (courseId: string, slug: string) =>
      call(() => client.query(api.mcpAccess.lesson, { token, courseId, slug })),
    search: (courseId: string, query: string) =>
      call(() => client.query(api.mcpAccess.search, { token, courseId, query })),
    ask: (courseId: string, question: string) =>
      call(() => client.mutation(api.mcpAccess.ask, { token, courseId, question })),
  };
}
