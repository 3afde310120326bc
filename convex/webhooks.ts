/**
 * A repository's push webhook in GitHub's protocol (issue 15): the owner turns it on (`enable`, which shows
 * the secret once), sees its URL and last delivery (`settings`), turns it off (`disable`).
 * Deliveries arrive at http.ts, which checks the signature and calls `receive`; a push to
 * the default branch queues a refresh (refresh.ts).
 */
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import {
  internalMutation,
  internalQuery,
  type MutationCtx,
  mutation,
  type QueryCtx,
  query,
} from "./_generated/server";
import { currentUser, requireUser } from "./lib/auth.ts";
import { userError } from "./lib/errors.ts";
import { ownRepository } from "./lib/ownership.ts";
import { webhookDelivery } from "./lib/validators.ts";
import { type PushFields, WEBHOOK_PATH } from "./lib/webhookPayload.ts";
import { pushMessage, queueRefresh } from "./refresh.ts";

const pushFields = v.object({
  ref: v.string(),
  after: v.string(),
  deleted: v.boolean(),
  defaultBranch: v.optional(v.string()),
});

/** `bytes` random bytes as hex: the public part of the URL. */
function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}

/** Where GitHub posts: this deployment's HTTP actions (CONVEX_SITE_URL, set by Convex). */
function hookUrl(hookId: string): string {
  const site = process.env.CONVEX_SITE_URL;
  if (!site) {
    throw userError(
      "conflict",
      "This deployment has no CONVEX_SITE_URL, so it cannot receive webhooks.",
    );
  }
  return `${site.replace(/\/+$/, "")}${WEBHOOK_PATH}${hookId}`;
}

async function hookOf(ctx: QueryCtx, repositoryId: Id<"repositories">) {
  return await ctx.db
    .query("webhooks")
    .withIndex("by_repository", (q) => q.eq("repositoryId", repositoryId))
    .unique();
}

/** The webhook of one of the user's repositories; null when it was never turned on. */
export const settings = query({
  args: { repositoryId: v.id("repositories") },
  returns: v.union(
    v.null(),
    v.object({
      enabled: v.boolean(),
      url: v.string(),
      lastDelivery: v.union(v.null(), webhookDelivery),
    }),
  ),
  handler: async (ctx, { repositoryId }) => {
    const repo = await ownRepository(ctx, await currentUser(ctx), repositoryId);
    const hook = await hookOf(ctx, repo._id);
    if (!hook) return null;
    return {
      enabled: hook.enabled,
      url: hookUrl(hook.hookId),
      lastDelivery: hook.lastDelivery ?? null,
    };
  },
});

/**
 * Turns the webhook on with a new secret (each call replaces the old one, which stops
 * verifying at once) and returns the URL and the secret to paste into GitHub: the only time
 * the secret leaves Convex. The URL stays the same across calls.
 */
export const enable = mutation({
  args: { repositoryId: v.id("repositories") },
  returns: v.object({ url: v.string(), secret: v.string() }),
  handler: async (ctx, { repositoryId }) => {
    // Any repository, GitHub's or one added by URL: the delivery must speak GitHub's
    // webhook protocol (signature, event and delivery headers), whoever hosts the code.
    const repo = await ownRepository(ctx, await requireUser(ctx), repositoryId);
    const secret = randomHex(32);
    const now = Date.now();
    const hook = await hookOf(ctx, repo._id);
    let hookId: string;
    if (hook) {
      hookId = hook.hookId;
      await ctx.db.patch(hook._id, {
        secret,
        generation: hook.generation + 1,
        enabled: true,
        updatedAt: now,
      });
    } else {
      hookId = randomHex(16);
      await ctx.db.insert("webhooks", {
        ownerId: repo.ownerId,
        repositoryId: repo._id,
        hookId,
        secret,
        generation: 1,
        enabled: true,
        createdAt: now,
        updatedAt: now,
      });
    }
    return { url: hookUrl(hookId), secret };
  },
});

/** Turns the webhook off: deliveries get 404 and the secret is forgotten. */
export const disable = mutation({
  args: { repositoryId: v.id("repositories") },
  returns: v.null(),
  handler: async (ctx, { repositoryId }) => {
    const repo = await ownRepository(ctx, await requireUser(ctx), repositoryId);
    const hook = await hookOf(ctx, repo._id);
    if (hook?.enabled) {
      await ctx.db.patch(hook._id, { enabled: false, secret: undefined, updatedAt: Date.now() });
    }
    return null;
  },
});

async function enabledHook(ctx: QueryCtx, hookId: string): Promise<Doc<"webhooks"> | null> {
  const hook = await ctx.db
    .query("webhooks")
    .withIndex("by_hookId", (q) => q.eq("hookId", hookId))
    .unique();
  return hook?.enabled && hook.secret ? hook : null;
}

/** For http.ts only: the secret to verify a delivery with, and its generation. */
export const hookForDelivery = internalQuery({
  args: { hookId: v.string() },
  returns: v.union(v.null(), v.object({ secret: v.string(), generation: v.number() })),
  handler: async (ctx, { hookId }) => {
    const hook = await enabledHook(ctx, hookId);
    return hook ? { secret: hook.secret as string, generation: hook.generation } : null;
  },
});

/** What a delivery did: recorded as its outcome, and the HTTP answer (webhookHandler.ts). */
export const deliveryOutcome = v.union(
  v.literal("not_found"),
  v.literal("secret_replaced"),
  v.literal("already_processed"),
  v.literal("ping"),
  v.literal("ignored_event"),
  v.literal("ignored_branch"),
  v.literal("ignored_deleted"),
  v.literal("queued"),
  v.literal("joined"),
  v.literal("after"),
  v.literal("running_at_commit"),
  v.literal("up_to_date"),
  v.literal("limit_reached"),
  v.literal("model_not_allowed"),
);
export type DeliveryOutcome = typeof deliveryOutcome.type;

/**
 * One signed delivery, in one transaction: refused if the secret changed since it was
 * verified; done once per `X-GitHub-Delivery` id (a replay answers already_processed);
 * recorded as the hook's last delivery; a push to the default branch queues a refresh.
 */
export const receive = internalMutation({
  args: {
    hookId: v.string(),
    generation: v.number(),
    deliveryId: v.string(),
    event: v.string(),
    push: v.optional(pushFields),
  },
  returns: v.object({ outcome: deliveryOutcome }),
  handler: async (ctx, args) => {
    const hook = await enabledHook(ctx, args.hookId);
    if (!hook) return { outcome: "not_found" as const };
    if (hook.generation !== args.generation) return { outcome: "secret_replaced" as const };
    const seen = await ctx.db
      .query("webhookDeliveries")
      .withIndex("by_webhook_delivery", (q) =>
        q.eq("webhookId", hook._id).eq("deliveryId", args.deliveryId),
      )
      .first();
    if (seen) return { outcome: "already_processed" as const };
    const outcome = await decide(ctx, hook, args);
    const at = Date.now();
    const delivery = { deliveryId: args.deliveryId, event: args.event, outcome, at };
    await ctx.db.insert("webhookDeliveries", { webhookId: hook._id, ...delivery });
    await ctx.db.patch(hook._id, { lastDelivery: delivery, updatedAt: at });
    return { outcome };
  },
});

/** What a verified, new delivery does. */
async function decide(
  ctx: MutationCtx,
  hook: Doc<"webhooks">,
  args: { event: string; push?: PushFields },
): Promise<DeliveryOutcome> {
  if (args.event === "ping") return "ping";
  if (args.event !== "push" || !args.push) return "ignored_event";
  const repo = await ctx.db.get(hook.repositoryId);
  if (!repo) return "not_found";
  const branch = repo.defaultBranch ?? args.push.defaultBranch;
  if (!branch || args.push.ref !== `refs/heads/${branch}`) return "ignored_branch";
  if (args.push.deleted || /^0+$/.test(args.push.after)) return "ignored_deleted";
  try {
    const result = await queueRefresh(ctx, repo, {
      commit: args.push.after,
      message: pushMessage(args.push.after, branch),
    });
    return result.kind;
  } catch (error) {
    const code = (error as { data?: { code?: string } }).data?.code;
    if (code === "limit_reached" || code === "model_not_allowed") return code;
    throw error;
  }
}
