/**
 * The bearer token of an MCP request over HTTP (route: web/src/app/api/mcp/route.ts) and the
 * route's own answers: 401 when it is missing or refused (`WWW-Authenticate: Bearer` and a
 * JSON-RPC error saying what to do), other JSON-RPC errors. The token is never echoed.
 */

/** At most this many characters are read from the header (a token is 51). */
const MAX_AUTHORIZATION_CHARS = 200;

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header || header.length > MAX_AUTHORIZATION_CHARS) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** A JSON-RPC error answer outside any request (id null), with an HTTP status. */
export function jsonRpcError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { jsonrpc: "2.0", error: { code: status === 401 ? -32001 : -32000, message }, id: null },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}

export function unauthorized(reason: "missing" | "refused", message?: string): Response {
  const text =
    reason === "missing"
      ? "This MCP server needs a Fondation MCP token: create one in Fondation (Settings › MCP tokens) and send it as `Authorization: Bearer <token>`."
      : (message ??
        "This MCP token was refused: create a new one in Fondation (Settings › MCP tokens).");
  return jsonRpcError(401, text, {
    "WWW-Authenticate": `Bearer realm="fondation-mcp", error="invalid_token"`,
  });
}
