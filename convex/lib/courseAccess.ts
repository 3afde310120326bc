/**
 * Who may read a course: its owner, or anyone holding its current share key (an unlisted
 * link). Every query that returns a course's content (lessons, cited files, search within a
 * course, the reader's progress) goes through `readableCourse`, so access follows the course.
 * Another user's course, a course still being published, a wrong or revoked key all look
 * exactly like a missing course.
 */
import { v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { randomBase64Url, timingSafeEqualStrings } from "./auth.ts";
import { userError } from "./errors.ts";

/** The optional `share` argument of the reader's queries: the key from a shared link. */
export const shareArg = v.optional(v.string());

/** Share keys are 128 random bits, base64url (22 characters). */
export const SHARE_KEY_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A fresh share key: 16 random bytes, base64url without padding (22 characters). */
export function newShareKey(): string {
  return randomBase64Url(16);
}

export interface ReadableCourse {
  course: Doc<"courses">;
  /** The caller's user row, when signed in and stored (null for a signed-out visitor). */
  viewer: Doc<"users"> | null;
  /** True when the caller owns the course; false when they read it through its share key. */
  isOwner: boolean;
}

/** The caller's user row if signed in, else null (no error: shared courses need no account). */
export async function optionalViewer(ctx: QueryCtx): Promise<Doc<"users"> | null> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null) return null;
  return await ctx.db
    .query("users")
    .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
    .unique();
}

/**
 * A complete course the caller may read, or a ConvexError: `unauthenticated` for a signed-out
 * caller without a share key, `not_found` for everything else that is refused.
 */
export async function readableCourse(
  ctx: QueryCtx,
  courseId: Id<"courses">,
  share: string | undefined,
): Promise<ReadableCourse> {
  const identity = await ctx.auth.getUserIdentity();
  if (identity === null && share === undefined) {
    throw userError("unauthenticated", "You are not signed in. Sign in and try again.");
  }
  return await readableCourseFor(ctx, await optionalViewer(ctx), courseId, share);
}

/**
 * The same rules for a caller already resolved to `viewer` (null: nobody signed in), e.g.
 * the owner of an MCP token (mcpAccess.ts): refused courses are all `not_found`.
 */
export async function readableCourseFor(
  ctx: QueryCtx,
  viewer: Doc<"users"> | null,
  courseId: Id<"courses">,
  share: string | undefined,
): Promise<ReadableCourse> {
  const course = await ctx.db.get(courseId);
  if (course?.status === "complete") {
    if (viewer !== null && course.ownerId === viewer._id) {
      return { course, viewer, isOwner: true };
    }
    if (share !== undefined && (await shareKeyMatches(course, share))) {
      return { course, viewer, isOwner: false };
    }
  }
  throw courseNotFound();
}

/** The one refusal of every course the caller may not read (or that does not exist). */
export function courseNotFound() {
  return userError(
    "not_found",
    "Course not found: it was deleted, it is not shared with you, or its link was turned off.",
  );
}

async function shareKeyMatches(course: Doc<"courses">, share: string): Promise<boolean> {
  if (course.shareKey === undefined || !SHARE_KEY_PATTERN.test(share)) return false;
  return await timingSafeEqualStrings(course.shareKey, share);
}
