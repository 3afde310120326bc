/**
 * Personal MCP tokens (issue 16): what one looks like, how it is stored (its SHA-256 only)
 * and how a call carrying one is resolved to its owner. Written by mcpTokens.ts (create,
 * revoke); read by mcpAccess.ts, where every function starts with `tokenOwner`.
 */
import type { Infer } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { randomBase64Url, sha256Hex } from "./auth.ts";
import { userError } from "./errors.ts";
import type { mcpScope } from "./validators.ts";

export type McpScope = Infer<typeof mcpScope>;

/** Recognisable in a config file or a leaked log (secret scanners match on it). */
export const MCP_TOKEN_PREFIX = "fnd_mcp_";
/** 32 random bytes, base64url: 43 characters after the prefix. */
const MCP_TOKEN_PATTERN = /^fnd_mcp_[A-Za-z0-9_-]{43}$/;
/** The part shown in the token list: the prefix and 4 characters (24 bits, no help to a guess). */
const DISPLAY_CHARS = MCP_TOKEN_PREFIX.length + 4;

export const MAX_TOKEN_NAME_CHARS = 60;
/** Tokens a user holds at once (revoked ones do not count). */
export const MAX_ACTIVE_MCP_TOKENS = 10;
/** Revoked tokens shown in the list after the live ones, latest revoked first. */
export const MAX_LISTED_REVOKED_MCP_TOKENS = 20;

export function newMcpToken(): { token: string; prefix: string } {
  const token = `${MCP_TOKEN_PREFIX}${randomBase64Url(32)}`;
  return { token, prefix: token.slice(0, DISPLAY_CHARS) };
}

export async function hashMcpToken(token: string): Promise<string> {
  return await sha256Hex(token);
}

const REFUSED =
  "This MCP token is not valid: it was revoked, mistyped, or never existed. Create a token in Fondation (Settings › MCP tokens) and send it as `Authorization: Bearer <token>`.";

/**
 * The live token and its owner, or a ConvexError: `unauthenticated` for a missing, malformed,
 * unknown or revoked token (one sentence for all, so nothing is learnt by probing),
 * `forbidden` when the token lacks `scope`.
 */
export async function tokenOwner(
  ctx: QueryCtx,
  token: string,
  scope: McpScope,
): Promise<{ row: Doc<"mcpTokens">; user: Doc<"users"> }> {
  if (!MCP_TOKEN_PATTERN.test(token)) throw userError("unauthenticated", REFUSED);
  const tokenHash = await hashMcpToken(token);
  const row = await ctx.db
    .query("mcpTokens")
    .withIndex("by_hash", (q) => q.eq("tokenHash", tokenHash))
    .unique();
  const user = row && row.revokedAt === undefined ? await ctx.db.get(row.ownerId) : null;
  if (!row || !user) throw userError("unauthenticated", REFUSED);
  if (!row.scopes.includes(scope)) {
    throw userError(
      "forbidden",
      `This MCP token may not ${scope === "ask" ? "ask questions" : "read courses"}. Create a token with the "${scope}" scope in Fondation (Settings › MCP tokens).`,
    );
  }
  return { row, user };
}
