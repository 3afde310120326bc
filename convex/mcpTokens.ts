/**
 * The signed-in user's MCP tokens (issue 16), for the MCP server over HTTP
 * (web/src/app/api/mcp): `create` returns the token once (only its hash is stored), `list`
 * shows them without any secret, `revoke` ends one for good. Used by the settings page
 * (web/src/app/settings/mcp).
 */
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { currentUser, requireUser } from "./lib/auth.ts";
import { userError } from "./lib/errors.ts";
import {
  hashMcpToken,
  MAX_ACTIVE_MCP_TOKENS,
  MAX_LISTED_REVOKED_MCP_TOKENS,
  MAX_TOKEN_NAME_CHARS,
  newMcpToken,
} from "./lib/mcpTokens.ts";
import { MCP_SCOPES, mcpScope } from "./lib/validators.ts";

const tokenView = v.object({
  _id: v.id("mcpTokens"),
  name: v.string(),
  prefix: v.string(),
  scopes: v.array(mcpScope),
  createdAt: v.number(),
  lastUsedAt: v.optional(v.number()),
  revokedAt: v.optional(v.number()),
});

function tokenName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_TOKEN_NAME_CHARS) {
    throw userError(
      "invalid_argument",
      `A token's name is 1 to ${MAX_TOKEN_NAME_CHARS} characters (it was ${name.length}). Name it after the agent or machine that uses it.`,
    );
  }
  return name;
}

/** A new token for the caller; the plaintext is in this answer only, never stored. */
export const create = mutation({
  args: { name: v.string(), scopes: v.optional(v.array(mcpScope)) },
  returns: v.object({
    tokenId: v.id("mcpTokens"),
    token: v.string(),
    prefix: v.string(),
    scopes: v.array(mcpScope),
  }),
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const name = tokenName(args.name);
    const scopes = MCP_SCOPES.filter((s) => (args.scopes ?? MCP_SCOPES).includes(s));
    if (!scopes.includes("read")) {
      throw userError(
        "invalid_argument",
        'A token needs the "read" scope: every MCP tool reads a course. Add "read" to its scopes.',
      );
    }
    const live = await ctx.db
      .query("mcpTokens")
      .withIndex("by_owner_revokedAt", (q) => q.eq("ownerId", user._id).eq("revokedAt", undefined))
      .take(MAX_ACTIVE_MCP_TOKENS);
    if (live.length >= MAX_ACTIVE_MCP_TOKENS) {
      throw userError(
        "conflict",
        `You have ${MAX_ACTIVE_MCP_TOKENS} MCP tokens, the most one account holds. Revoke one you no longer use, then create a new one.`,
      );
    }
    const { token, prefix } = newMcpToken();
    const tokenId = await ctx.db.insert("mcpTokens", {
      ownerId: user._id,
      name,
      tokenHash: await hashMcpToken(token),
      prefix,
      scopes,
      createdAt: Date.now(),
    });
    return { tokenId, token, prefix, scopes };
  },
});

/**
 * The caller's tokens: the live ones newest first, then the latest revoked ones; names,
 * prefixes and dates, never a hash.
 */
export const list = query({
  args: {},
  returns: v.array(tokenView),
  handler: async (ctx) => {
    const user = await currentUser(ctx);
    if (!user) return [];
    const live = await ctx.db
      .query("mcpTokens")
      .withIndex("by_owner_revokedAt", (q) => q.eq("ownerId", user._id).eq("revokedAt", undefined))
      .order("desc")
      .take(MAX_ACTIVE_MCP_TOKENS);
    const revoked = await ctx.db
      .query("mcpTokens")
      .withIndex("by_owner_revokedAt", (q) => q.eq("ownerId", user._id).gt("revokedAt", 0))
      .order("desc")
      .take(MAX_LISTED_REVOKED_MCP_TOKENS);
    return [...live, ...revoked].map((r) => ({
      _id: r._id,
      name: r.name,
      prefix: r.prefix,
      scopes: r.scopes,
      createdAt: r.createdAt,
      lastUsedAt: r.lastUsedAt,
      revokedAt: r.revokedAt,
    }));
  },
});

/**
 * Revokes one of the caller's tokens: every later MCP request with it is refused. The
 * oldest revoked rows past MAX_LISTED_REVOKED_MCP_TOKENS are deleted.
 */
export const revoke = mutation({
  args: { tokenId: v.id("mcpTokens") },
  returns: v.object({ revokedAt: v.number() }),
  handler: async (ctx, { tokenId }) => {
    const user = await requireUser(ctx);
    const row = await ctx.db.get(tokenId);
    if (!row || row.ownerId !== user._id) {
      throw userError("not_found", "MCP token not found. Pick one from your list of tokens.");
    }
    if (row.revokedAt !== undefined) return { revokedAt: row.revokedAt };
    const revokedAt = Date.now();
    await ctx.db.patch(row._id, { revokedAt });
    // Only the latest revoked rows are kept (the list shows them): an unknown hash is refused
    // like a revoked one, so creating and revoking in a loop cannot grow the table.
    const older = await ctx.db
      .query("mcpTokens")
      .withIndex("by_owner_revokedAt", (q) => q.eq("ownerId", user._id).gt("revokedAt", 0))
      .order("desc")
      .take(MAX_LISTED_REVOKED_MCP_TOKENS + 2);
    for (const old of older.slice(MAX_LISTED_REVOKED_MCP_TOKENS)) await ctx.db.delete(old._id);
    return { revokedAt };
  },
});
