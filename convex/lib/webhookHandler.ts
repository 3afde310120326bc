/**
 * POST /github/webhook/<hookId>: a GitHub delivery. Order matters: an unknown or disabled
 * hook is 404 before anything is read; the body is read whole (capped at GitHub's 25 MB)
 * because the signature covers its exact bytes; nothing unsigned reaches the database; the
 * rest (replay, event, branch, the refresh) is one mutation, webhooks.receive. Answers are
 * short plain text, shown in GitHub's delivery log. The secret is never logged.
 */
import { internal } from "../_generated/api";
import { httpAction } from "../_generated/server";
import type { DeliveryOutcome } from "../webhooks.ts";
import {
  DELIVERY_ID_RE,
  HOOK_ID_RE,
  MAX_DELIVERY_BYTES,
  parsePush,
  WEBHOOK_PATH,
} from "./webhookPayload.ts";
import { verifySignature } from "./webhookSignature.ts";

function text(status: number, body: string): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The body's bytes, or null past `cap` (stops reading there). */
async function readCapped(request: Request, cap: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const ANSWERS: Record<DeliveryOutcome, [number, string]> = {
  not_found: [404, "Unknown or disabled webhook."],
  secret_replaced: [401, "The webhook's secret was replaced; the signature no longer holds."],
  already_processed: [200, "Already processed: this delivery id was handled before."],
  ping: [200, "Pong: the webhook is set up."],
  ignored_event: [202, "Ignored: only push events refresh a course."],
  ignored_branch: [202, "Ignored: the push is not to the default branch."],
  ignored_deleted: [202, "Ignored: the push deleted the branch."],
  queued: [200, "Refresh queued."],
  joined: [200, "Refresh joins the job already queued for this repository."],
  after: [200, "Refresh queued after the job running now."],
  running_at_commit: [200, "A job is already building this commit."],
  up_to_date: [200, "Up to date: the latest course is at this commit."],
  limit_reached: [429, "Not queued: the owner's fair-use limit is reached."],
  model_not_allowed: [422, "Not queued: the course's model is no longer offered."],
};

export const githubWebhook = httpAction(async (ctx, request) => {
  const hookId = new URL(request.url).pathname.slice(WEBHOOK_PATH.length);
  if (!HOOK_ID_RE.test(hookId)) return text(404, ANSWERS.not_found[1]);
  const hook = await ctx.runQuery(internal.webhooks.hookForDelivery, { hookId });
  if (!hook) return text(404, ANSWERS.not_found[1]);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_DELIVERY_BYTES) return text(413, "Payload too large (over 25 MB).");
  const body = await readCapped(request, MAX_DELIVERY_BYTES);
  if (!body) return text(413, "Payload too large (over 25 MB).");
  const signed = await verifySignature(
    hook.secret,
    body,
    request.headers.get("x-hub-signature-256"),
  );
  if (!signed) return text(401, "Signature missing or wrong (X-Hub-Signature-256).");
  const event = request.headers.get("x-github-event");
  const deliveryId = request.headers.get("x-github-delivery");
  if (!event || event.length > 100) return text(400, "Missing X-GitHub-Event.");
  if (!deliveryId || !DELIVERY_ID_RE.test(deliveryId)) {
    return text(400, "Missing or malformed X-GitHub-Delivery.");
  }
  let push: ReturnType<typeof parsePush> | undefined;
  if (event === "push") {
    push = parsePush(new TextDecoder().decode(body), request.headers.get("content-type"));
    if (!push) return text(400, "Not a push payload (ref and after are needed).");
  }
  const { outcome } = await ctx.runMutation(internal.webhooks.receive, {
    hookId,
    generation: hook.generation,
    deliveryId,
    event,
    ...(push ? { push } : {}),
  });
  const [status, answer] = ANSWERS[outcome];
  return text(status, answer);
});
