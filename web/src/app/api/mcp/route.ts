/**
 * POST /api/mcp: the MCP server over Streamable HTTP, stateless (one server and transport
 * per request, no session), for coding agents holding a personal MCP token. The token is
 * checked first (convex mcpAccess.authenticate): missing, unknown or revoked → 401. Tools:
 * web/src/lib/mcp/server.ts. GET and DELETE (server-initiated streams, sessions) do not exist
 * without sessions: 405.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { convexUrl } from "@/lib/authConfig.ts";
import { bearerToken, jsonRpcError, unauthorized } from "@/lib/mcp/auth.ts";
import { describeError, mcpBackend, ToolError } from "@/lib/mcp/backend.ts";
import { buildMcpServer } from "@/lib/mcp/server.ts";

export const dynamic = "force-dynamic";
/** `ask` waits up to two minutes for its answer. */
export const maxDuration = 150;

/** The largest JSON-RPC message accepted (a question is at most 2 000 characters). */
const MAX_BODY_BYTES = 64 * 1024;

export async function POST(request: Request): Promise<Response> {
  const url = convexUrl(process.env);
  if (!url) return jsonRpcError(503, "No Convex deployment is configured (CONVEX_URL).");
  const token = bearerToken(request);
  if (!token) return unauthorized("missing");
  const backend = mcpBackend(url, token);
  try {
    await backend.authenticate();
  } catch (error) {
    if (error instanceof ToolError && ["unauthenticated", "forbidden"].includes(error.code)) {
      return unauthorized("refused", error.message);
    }
    console.error(`mcp: could not check a token: ${describeError(error, token)}`);
    return jsonRpcError(
      503,
      "Fondation could not check the token just now. Try again in a moment.",
    );
  }
  const server = buildMcpServer(backend);
  // SSE answers (the SDK's default), so `ask` can stream its answer as progress notifications;
  // the transport ends each stream once its responses are written, and nothing is kept after.
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    maxRequestBodySize: MAX_BODY_BYTES,
  });
  await server.connect(transport);
  return await transport.handleRequest(request);
}

function methodNotAllowed(): Response {
  return jsonRpcError(405, "This MCP server is stateless: send JSON-RPC messages with POST.", {
    Allow: "POST",
  });
}

export const GET = methodNotAllowed;
export const DELETE = methodNotAllowed;
