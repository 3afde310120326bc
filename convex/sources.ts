/**
 * The cited source files published with a course, for whoever may read the course
 * (readableCourse: its owner or a share-key holder). Written by the worker
 * (workerApi.addSourceParts); read by the web app's source viewer.
 */
import { MAX_SOURCE_PARTS_PER_FILE } from "@fondation/shared/core";
import { v } from "convex/values";
import { query } from "./_generated/server";
import { readableCourse, shareArg } from "./lib/courseAccess.ts";
import { courseFiles } from "./lib/sources.ts";
import { githubRef } from "./lib/validators.ts";

/** Where the course's files come from: the commit, and the GitHub repository when there is one. */
const origin = { commit: v.optional(v.string()), github: v.optional(githubRef) };

/**
 * One published file with its whole text, or `file: null` when the course did not publish it
 * (too large, binary, not cited, or published before files were).
 */
export const file = query({
  args: { courseId: v.id("courses"), path: v.string(), share: shareArg },
  returns: v.object({
    ...origin,
    file: v.union(
      v.null(),
      v.object({ path: v.string(), size: v.number(), lines: v.number(), text: v.string() }),
    ),
  }),
  handler: async (ctx, { courseId, path, share }) => {
    const { course } = await readableCourse(ctx, courseId, share);
    const repo = await ctx.db.get(course.repositoryId);
    const base = { commit: course.commit, github: repo?.github };
    const row = await ctx.db
      .query("courseFiles")
      .withIndex("by_course_path", (q) => q.eq("courseId", course._id).eq("path", path))
      .unique();
    if (!row || row.received.length !== row.partCount) return { ...base, file: null };
    const parts = await ctx.db
      .query("courseFileParts")
      .withIndex("by_file_index", (q) => q.eq("fileId", row._id))
      .take(MAX_SOURCE_PARTS_PER_FILE);
    return {
      ...base,
      file: {
        path: row.path,
        size: row.size,
        lines: row.lines,
        text: parts.map((p) => p.text).join(""),
      },
    };
  },
});

/** The course's published files (path, size, lines), sorted by path. */
export const list = query({
  args: { courseId: v.id("courses"), share: shareArg },
  returns: v.object({
    ...origin,
    files: v.array(v.object({ path: v.string(), size: v.number(), lines: v.number() })),
  }),
  handler: async (ctx, { courseId, share }) => {
    const { course } = await readableCourse(ctx, courseId, share);
    const repo = await ctx.db.get(course.repositoryId);
    const rows = await courseFiles(ctx, course._id);
    return {
      commit: course.commit,
      github: repo?.github,
      files: rows
        .filter((f) => f.received.length === f.partCount)
        .map((f) => ({ path: f.path, size: f.size, lines: f.lines })),
    };
  },
});
