import type { IncomingMessage, ServerResponse } from "node:http";
import type { UserIdentity } from "convex/server";
import type { JSONValue } from "convex/values";
import { AuthVerificationError } from "./auth.ts";
import type { Backend } from "./backend.ts";
import type { FunctionKind } from "./engine.ts";
import { PINNED_CONVEX_VERSION, versionMismatchMessage } from "./version.ts";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const ROUTES: Record<string, FunctionKind | "any"> = {
  "/api/query": "query",
  "/api/query_at_ts": "query",
  "/api/mutation": "mutation",
  "/api/action": "action",
  "/api/function": "any",
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": typeof body === "string" ? "text/plain" : "application/json",
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Handles Convex's HTTP API; returns false for paths it does not serve. */
export async function handleHttpApi(
  backend: Backend,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = new URL(req.url ?? "/", "http://local").pathname;
  // Browsers call the HTTP API across origins (the web app on another port).
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, Convex-Client");
  res.setHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
  if (req.method === "OPTIONS") {
    res.writeHead(204).end();
    return true;
  }
  if (path === "/version" || path === "/") {
    send(res, 200, `local-convex (convex ${PINNED_CONVEX_VERSION} protocol)`);
    return true;
  }
  if (path !== "/api/query_ts" && !(path in ROUTES)) return false;
  if (req.method !== "POST") {
    send(res, 405, `Use POST for ${path}`);
    return true;
  }
  const client = req.headers["convex-client"];
  const clientVersion = typeof client === "string" ? /^npm-(.+)$/.exec(client)?.[1] : undefined;
  if (clientVersion && clientVersion !== PINNED_CONVEX_VERSION) {
    send(res, 400, versionMismatchMessage(clientVersion));
    return true;
  }
  if (path === "/api/query_ts") {
    send(res, 200, { ts: backend.clock.current.toString() });
    return true;
  }
  let body: { path?: unknown; format?: unknown; args?: unknown };
  try {
    body = JSON.parse(await readBody(req));
  } catch (error) {
    send(res, 400, `Invalid JSON body: ${(error as Error).message}`);
    return true;
  }
  if (typeof body.path !== "string") {
    send(res, 400, 'Request body needs a "path" string naming the function, like "messages:list"');
    return true;
  }
  if (
    body.format !== undefined &&
    body.format !== "convex_encoded_json" &&
    body.format !== "json"
  ) {
    send(res, 400, `Unsupported format ${JSON.stringify(body.format)}: use "convex_encoded_json"`);
    return true;
  }
  let identity: UserIdentity | null = null;
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Bearer ")) {
    try {
      identity = (await backend.verifier.verify(authorization.slice(7))).identity;
    } catch (error) {
      const message = error instanceof AuthVerificationError ? error.message : String(error);
      send(res, 401, { code: "Unauthenticated", message });
      return true;
    }
  } else if (authorization) {
    send(res, 401, { code: "Unauthenticated", message: "Only Bearer user tokens are supported" });
    return true;
  }
  const kind = ROUTES[path] as FunctionKind | "any";
  // The JS clients wrap the arguments object in a one-element array; the documented HTTP
  // API (and /api/function) send the object itself. Accept both.
  const args = (Array.isArray(body.args) ? body.args[0] : body.args) ?? {};
  const result = await backend.runForClient(kind, body.path, args as JSONValue, identity);
  if (result.kind !== "query") {
    // Let subscribers see the write before answering, like the WebSocket path does.
    await backend.syncLock.run(() => backend.flush());
  }
  const { outcome } = result;
  if (outcome.success) {
    send(res, 200, { status: "success", value: outcome.value, logLines: outcome.logLines });
  } else {
    send(res, 560, {
      status: "error",
      errorMessage: outcome.errorMessage,
      ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
      logLines: outcome.logLines,
    });
  }
  return true;
}
