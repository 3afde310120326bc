/**
 * What the workers will write a course with, for the request form: "model" when a worker
 * seen lately has a model key, "offline" when the only ones seen have none, "unknown" when
 * none was seen (or the caller is signed out). Written by workerApi.announce.
 */
import { v } from "convex/values";
import { query } from "./_generated/server";

/** A worker announces every few minutes; one not seen for this long is taken as gone. */
export const WORKER_SEEN_WITHIN_MS = 15 * 60_000;
const RECENT_WORKERS = 50;

export const mode = query({
  args: {},
  returns: v.union(v.literal("model"), v.literal("offline"), v.literal("unknown")),
  handler: async (ctx) => {
    if (!(await ctx.auth.getUserIdentity())) return "unknown";
    const since = Date.now() - WORKER_SEEN_WITHIN_MS;
    const recent = await ctx.db
      .query("workers")
      .withIndex("by_seenAt", (q) => q.gte("seenAt", since))
      .order("desc")
      .take(RECENT_WORKERS);
    if (recent.some((w) => !w.offline)) return "model";
    return recent.length > 0 ? "offline" : "unknown";
  },
});
