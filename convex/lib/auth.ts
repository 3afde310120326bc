/**
 * Who is calling. Users come from `ctx.auth` (a verified JWT); workers prove themselves
 * with the WORKER_SECRET env var, compared in constant time, and never carry a user identity.
 */
import type { Auth, UserIdentity } from "convex/server";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { userError } from "./errors.ts";

/** The verified identity of the caller, or a clear "sign in" error. */
export async function requireIdentity(ctx: { auth: Auth }): Promise<UserIdentity> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) {
    throw userError("unauthenticated", "You are not signed in. Sign in and try again.");
  }
  return identity;
}

/** The caller's user row in a query; null when the user has never been stored (owns nothing). */
export async function currentUser(ctx: QueryCtx): Promise<Doc<"users"> | null> {
  const identity = await requireIdentity(ctx);
  return await ctx.db
    .query("users")
    .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
    .unique();
}

/** Profile fields a user row copies from the identity. */
export interface Profile {
  name?: string;
  githubLogin?: string;
  avatarUrl?: string;
  email?: string;
}

/** The profile fields of an identity (GitHub login = the `nickname` claim). */
export function profileFromIdentity(identity: UserIdentity): Profile {
  return {
    name: identity.name ?? undefined,
    githubLogin: identity.nickname ?? undefined,
    avatarUrl: identity.pictureUrl ?? undefined,
    email: identity.email ?? undefined,
  };
}

/** Finds or creates the user row of a tokenIdentifier (mutations only). */
export async function ensureUserByToken(
  ctx: MutationCtx,
  tokenIdentifier: string,
  profile: Profile,
): Promise<Doc<"users">> {
  const existing = await ctx.db
    .query("users")
    .withIndex("by_token", (q) => q.eq("tokenIdentifier", tokenIdentifier))
    .unique();
  if (existing) return existing;
  const id = await ctx.db.insert("users", { tokenIdentifier, ...profile, updatedAt: Date.now() });
  const created = await ctx.db.get(id);
  if (!created) throw new Error("user row vanished right after insert");
  return created;
}

/** The caller's user row in a mutation, created on first use. */
export async function requireUser(ctx: MutationCtx): Promise<Doc<"users">> {
  const identity = await requireIdentity(ctx);
  return await ensureUserByToken(ctx, identity.tokenIdentifier, profileFromIdentity(identity));
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** The SHA-256 of a text as lowercase hex (how secrets handed to users are stored). */
export async function sha256Hex(text: string): Promise<string> {
  return [...(await sha256(text))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `byteCount` random bytes, base64url without padding (share keys, MCP tokens). */
export function randomBase64Url(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  const base64 = btoa(String.fromCharCode(...bytes));
  return base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Constant-time equality of two strings (digests first, so lengths leak nothing). */
export async function timingSafeEqualStrings(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([sha256(a), sha256(b)]);
  let diff = 0;
  for (let i = 0; i < da.length; i++) diff |= (da[i] ?? 0) ^ (db[i] ?? 0);
  return diff === 0;
}

/**
 * Refuses the call unless `secret` equals WORKER_SECRET. Refuses everything when the
 * deployment has no WORKER_SECRET, and any call that carries a user identity.
 */
export async function requireWorker(ctx: QueryCtx, secret: string): Promise<void> {
  const expected = process.env.WORKER_SECRET;
  if (!expected) {
    throw userError(
      "forbidden",
      "Worker functions are disabled: set WORKER_SECRET on the deployment (npx convex env set WORKER_SECRET …).",
    );
  }
  if ((await ctx.auth.getUserIdentity()) !== null) {
    throw userError("forbidden", "Worker functions cannot be called by a signed-in user.");
  }
  if (!(await timingSafeEqualStrings(secret, expected))) {
    throw userError(
      "forbidden",
      "Wrong worker secret: check WORKER_SECRET in the worker's environment.",
    );
  }
}
