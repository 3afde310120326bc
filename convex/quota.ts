/**
 * The caller's fair-use limits and what they used of each (lib/quota.ts), and the models
 * they may choose: what the web app shows next to the request form and on the dashboard.
 */
import { MODEL_IDS, preferredModel, QUOTA_KINDS } from "@fondation/shared/core";
import { v } from "convex/values";
import { query } from "./_generated/server";
import { currentUser } from "./lib/auth.ts";
import * as quota from "./lib/quota.ts";
import { literals } from "./lib/validators.ts";

const modelId = literals(MODEL_IDS);

/** The signed-in user's limits: used, limit (null: none), next reset; and the allowed models. */
export const mine = query({
  args: {},
  returns: v.object({
    lines: v.array(
      v.object({
        kind: literals(QUOTA_KINDS),
        used: v.number(),
        limit: v.union(v.number(), v.null()),
        resetsAt: v.optional(v.number()),
      }),
    ),
    models: v.object({ allowed: v.array(modelId), preferred: modelId }),
  }),
  handler: async (ctx) => {
    const user = await currentUser(ctx);
    const allowed = quota.allowedModels();
    return {
      lines: await quota.quotaLines(ctx, user?._id ?? null),
      models: { allowed, preferred: preferredModel(allowed) },
    };
  },
});
