/**
 * HTTP actions: the routes of the app's `http.ts`, served on their own origin as a deployment
 * serves them (https://docs.convex.dev/functions/http-actions: "exposed at
 * https://<deployment>.convex.site"; the self-hosted backend gives them their own port). The
 * API port never runs them, and this origin never answers the API. Rules, each from that page:
 * - routing is the router's own (`path` exact, `pathPrefix`, method), through convex-test;
 *   an unrouted request or an app without `http.ts` is 404;
 * - request and response bodies are limited to 20 MB ("Limits": "The request and response
 *   size is limited to 20MB"): a larger request is 413 before the handler runs, a larger
 *   response is 500 (the wording of both answers is ours; none is published);
 * - an uncaught error in the handler is a 500 and the error goes to the server's log, not to
 *   the caller;
 * - the handler's writes are committed and seen by subscribers before the response is sent,
 *   like a mutation's through the HTTP API.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Backend } from "./backend.ts";
import { serverLog } from "./log.ts";
import { newRunContext, runStorage } from "./tracking.ts";

/** 20 MB, as the docs' "Limits" section words it (decimal megabytes). */
export const HTTP_ACTION_BODY_LIMIT = 20_000_000;

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host"]);

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" }).end(`${text}\n`);
}

/**
 * The request body, or null past the limit: a declared length is refused unread; a chunked
 * body is drained without keeping what is over (breaking off would reset the connection
 * before the 413 is sent).
 */
async function readLimited(req: IncomingMessage): Promise<Buffer | null> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > HTTP_ACTION_BODY_LIMIT) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= HTTP_ACTION_BODY_LIMIT) chunks.push(chunk as Buffer);
  }
  return size > HTTP_ACTION_BODY_LIMIT ? null : Buffer.concat(chunks);
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** Answers one request on the site origin. */
export async function handleHttpAction(
  backend: Backend,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!backend.engine.app.hasHttpRouter) {
    plain(res, 404, "This deployment has no HTTP actions (no http.ts with a default router).");
    return;
  }
  const body = await readLimited(req);
  if (body === null) {
    plain(res, 413, "Request body too large: HTTP actions accept at most 20 MB.");
    req.resume();
    return;
  }
  const method = req.method ?? "GET";
  const init: RequestInit = { method, headers: requestHeaders(req) };
  if (method !== "GET" && method !== "HEAD") init.body = new Uint8Array(body);
  let response: Response;
  try {
    // Its own run context: the handler's queries and mutations are tracked like a client's.
    response = await runStorage.run(newRunContext(null), () =>
      backend.engine.t.fetch(req.url ?? "/", init),
    );
  } catch (error) {
    serverLog(`HTTP action ${method} ${req.url} failed`, error);
    response = new Response("Server Error: the HTTP action threw (see the server's log).", {
      status: 500,
    });
  }
  const out = Buffer.from(await response.arrayBuffer());
  // Writes are visible to subscribers before the caller hears back.
  await backend.syncLock.run(() => backend.flush());
  if (out.length > HTTP_ACTION_BODY_LIMIT) {
    serverLog(`HTTP action ${method} ${req.url}: response of ${out.length} bytes over 20 MB`);
    plain(res, 500, "Server Error: the HTTP action's response is over 20 MB.");
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== "content-length") headers[name] = value;
  });
  res.writeHead(response.status, headers).end(method === "HEAD" ? undefined : out);
}
