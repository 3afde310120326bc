/**
 * The few fields of a GitHub push delivery that matter here, from its raw body: GitHub sends
 * either `application/json` or `application/x-www-form-urlencoded` with the JSON in `payload`.
 */
export const WEBHOOK_PATH = "/github/webhook/";

/** GitHub's deliveries are at most 25 MB; anything larger is refused unread. */
export const MAX_DELIVERY_BYTES = 25 * 1024 * 1024;

/** hookIds are 16 random bytes in hex (webhooks.enable). */
export const HOOK_ID_RE = /^[0-9a-f]{32}$/;

/** GitHub's delivery ids are GUIDs; accept any short token of that alphabet. */
export const DELIVERY_ID_RE = /^[A-Za-z0-9-]{1,100}$/;

/** A git object id (sha-1, or sha-256 repositories). */
const OBJECT_ID_RE = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export interface PushFields {
  ref: string;
  after: string;
  deleted: boolean;
  defaultBranch?: string;
}

/** The push fields of a body, or null when it is not a push payload. */
export function parsePush(body: string, contentType: string | null): PushFields | null {
  let json = body;
  if (contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    json = new URLSearchParams(body).get("payload") ?? "";
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  if (!data || typeof data !== "object") return null;
  const { ref, after, deleted, repository } = data as Record<string, unknown>;
  if (typeof ref !== "string" || typeof after !== "string" || !OBJECT_ID_RE.test(after)) {
    return null;
  }
  const defaultBranch = (repository as { default_branch?: unknown } | undefined)?.default_branch;
  return {
    ref: ref.slice(0, 300),
    after,
    deleted: deleted === true,
    ...(typeof defaultBranch === "string" ? { defaultBranch: defaultBranch.slice(0, 255) } : {}),
  };
}
