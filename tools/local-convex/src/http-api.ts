import type { IncomingMessage, ServerResponse } from "node:http";
import type { UserIdentity } from "convex/server";
import { type JSONValue, jsonToConvex, type Value } from "convex/values";
import { AuthVerificationError } from "./auth.ts";
import type { Backend } from "./backend.ts";
import type { FunctionKind } from "./engine.ts";
import { handleFileStorage } from "./file-storage.ts";
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

/** "messages/list" → "messages:list", "dir/mod/fn" → "dir/mod:fn"; null without a function. */
export function functionFromRunPath(runPath: string): string | null {
  let parts: string[];
  try {
    parts = runPath.split("/").map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
  const name = parts.pop();
  if (!name || parts.length === 0 || parts.some((part) => part === "")) return null;
  return `${parts.join("/")}:${name}`;
}

/**
 * The documented "json" value format (https://docs.convex.dev/http-api/): int64 as a decimal
 * string, bytes as base64, non-finite numbers as "NaN"/"Infinity"/"-Infinity".
 */
export function exportCleanJson(encoded: JSONValue): JSONValue {
  const value = jsonToConvex(encoded);
  const clean = (v: Value): JSONValue => {
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number") {
      if (Number.isNaN(v)) return "NaN";
      if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
      return v;
    }
    if (v instanceof ArrayBuffer) return Buffer.from(v).toString("base64");
    if (Array.isArray(v)) return v.map(clean);
    const object: Record<string, JSONValue> = {};
    for (const [key, field] of Object.entries(v as Record<string, Value | undefined>)) {
      if (field !== undefined) object[key] = clean(field);
    }
    return object;
  };
  return clean(value);
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
  if (await handleFileStorage(backend, backend.engine.storage, req, res)) return true;
  if (path === "/version" || path === "/") {
    send(res, 200, `local-convex (convex ${PINNED_CONVEX_VERSION} protocol)`);
    return true;
  }
  // https://docs.convex.dev/http-api/ — POST /api/run/{module}/{function}: any function,
  // named in the path, arguments as an object, values in the "json" format by default.
  const runPath = /^\/api\/run\/(.*)$/.exec(path)?.[1];
  if (path !== "/api/query_ts" && !(path in ROUTES) && runPath === undefined) return false;
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
  let udfPath: string;
  if (runPath !== undefined) {
    const named = functionFromRunPath(runPath);
    if (named === null) {
      send(res, 400, {
        code: "MissingIdentifier",
        message: "Path or function name not provided in path, e.g. /api/run/messages/list",
      });
      return true;
    }
    udfPath = named;
  } else if (typeof body.path === "string") {
    udfPath = body.path;
  } else {
    send(res, 400, 'Request body needs a "path" string naming the function, like "messages:list"');
    return true;
  }
  const format = body.format ?? (runPath !== undefined ? "json" : "convex_encoded_json");
  if (format !== "convex_encoded_json" && format !== "json" && format !== "convex_clean_json") {
    send(res, 400, {
      code: "BadFormat",
      message: `format param must be one of [\`json\`]. Got ${String(format)}`,
    });
    return true;
  }
  // "json" is the documented, human-readable format; the JS clients ask for the encoded one.
  const exported = (value: JSONValue) =>
    format === "convex_encoded_json" ? value : exportCleanJson(value);
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
  const kind = runPath !== undefined ? "any" : (ROUTES[path] as FunctionKind | "any");
  // The JS clients wrap the arguments object in a one-element array; the documented HTTP
  // API (and /api/function) send the object itself. Accept both.
  const args = (Array.isArray(body.args) ? body.args[0] : body.args) ?? {};
  const result = await backend.runForClient(kind, udfPath, args as JSONValue, identity);
  if (result.kind !== "query") {
    // Let subscribers see the write before answering, like the WebSocket path does.
    await backend.syncLock.run(() => backend.flush());
  }
  const { outcome } = result;
  if (outcome.success) {
    send(res, 200, {
      status: "success",
      value: exported(outcome.value),
      logLines: outcome.logLines,
    });
  } else {
    send(res, 560, {
      status: "error",
      errorMessage: outcome.errorMessage,
      ...(outcome.errorData !== undefined ? { errorData: exported(outcome.errorData) } : {}),
      logLines: outcome.logLines,
    });
  }
  return true;
}
