/** The signed-in user's own row. Written and read by the web app, as that user. */
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import {
  currentUser,
  ensureUserByToken,
  profileFromIdentity,
  requireIdentity,
} from "./lib/auth.ts";

const userView = v.object({
  _id: v.id("users"),
  name: v.optional(v.string()),
  githubLogin: v.optional(v.string()),
  avatarUrl: v.optional(v.string()),
  email: v.optional(v.string()),
});

/** Upserts the signed-in user from the identity (name, GitHub login, avatar); call after sign-in. */
export const store = mutation({
  args: {},
  returns: v.id("users"),
  handler: async (ctx) => {
    const identity = await requireIdentity(ctx);
    const profile = profileFromIdentity(identity);
    const user = await ensureUserByToken(ctx, identity.tokenIdentifier, profile);
    await ctx.db.patch(user._id, { ...profile, updatedAt: Date.now() });
    return user._id;
  },
});

/** The signed-in user, or null before `store` ran. */
export const me = query({
  args: {},
  returns: v.union(v.null(), userView),
  handler: async (ctx) => {
    const user = await currentUser(ctx);
    if (!user) return null;
    return {
      _id: user._id,
      name: user.name,
      githubLogin: user.githubLogin,
      avatarUrl: user.avatarUrl,
      email: user.email,
    };
  },
});
