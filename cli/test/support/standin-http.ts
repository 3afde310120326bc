/**
 * HTTP plumbing of the stand-in in the API's ways: request bodies, JSON answers, errors in
 * Anthropic's shape (https://platform.claude.com/docs/en/api/errors) with the error type
 * of each status, and the API key a request presents.
 *
 * Read by the stand-in (anthropic-standin.ts) and its admission (standin-admission.ts);
 * `errorReply` and `presentedKey` are for scripts and tests, re-exported by
 * anthropic-standin.ts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StandinReply, StandinRequest } from "./standin-types.ts";

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  409: "conflict_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

/** The standard error type for an HTTP status, for scripts that build errors. */
export function errorReply(
  status: number,
  message = `stand-in error ${status}`,
  retry: { retryAfterSeconds?: number; retryAfterMs?: number } = {},
): StandinReply {
  return {
    type: "error",
    status,
    errorType: ERROR_TYPES[status] ?? "api_error",
    message,
    ...retry,
  };
}

/** The key a request presents: `x-api-key`, or `Authorization: Bearer` (both accepted). */
export function presentedKey(request: StandinRequest): string | undefined {
  return keyOf(request.headers);
}

/** The key in the headers: `x-api-key`, else a Bearer token. */
export function keyOf(headers: StandinRequest["headers"]): string | undefined {
  const key = headers["x-api-key"];
  if (typeof key === "string") return key;
  const auth = headers.authorization;
  return typeof auth === "string" ? auth.replace(/^Bearer\s+/i, "") : undefined;
}

/** Errors in the API's shape, https://platform.claude.com/docs/en/api/errors */
export function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  rid: string,
  retry?: { retryAfterSeconds?: number; retryAfterMs?: number },
): void {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "request-id": rid,
    // The stand-in decides retries by status alone, like the real API without the header.
  };
  if (retry?.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(retry.retryAfterSeconds);
  if (retry?.retryAfterMs !== undefined) headers["retry-after-ms"] = String(retry.retryAfterMs);
  res.writeHead(status, headers);
  res.end(
    JSON.stringify({
      type: "error",
      error: { type: type || ERROR_TYPES[status] || "api_error", message },
      request_id: rid,
    }),
  );
}

/** A 200 JSON answer. */
export function sendJson(res: ServerResponse, rid: string, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json", "request-id": rid });
  res.end(JSON.stringify(body));
}

/** The whole request body, as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}
