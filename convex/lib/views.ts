/**
 * What users see of their rows: explicit return validators and the mappers that build them,
 * so internal fields (lease timers, dedupe keys) never reach the browser by accident.
 */
import { v } from "convex/values";
import type { Doc } from "../_generated/dataModel";
import schema from "../schema.ts";
import { eventLevel, githubRef, lessonFields, usage } from "./validators.ts";

/** The job fields its owner may see: not the owner, lease timer, worker or dedupe flag. */
export const jobView = v.object({
  _id: v.id("jobs"),
  _creationTime: v.number(),
  ...schema.tables.jobs.validator.pick(
    "repositoryId",
    "options",
    "status",
    "attempt",
    "maxAttempts",
    "runAt",
    "leaseExpiresAt",
    "cancelRequested",
    "progress",
    "commit",
    "offline",
    "error",
    "usage",
    "courseId",
    "upToDate",
    "previousCourseId",
    "refreshAfter",
    "retryOf",
    "eventCount",
    "eventsTruncated",
    "startedAt",
    "finishedAt",
    "updatedAt",
  ).fields,
});

/** A job as its owner sees it. */
export function toJobView(job: Doc<"jobs">): typeof jobView.type {
  return {
    _id: job._id,
    _creationTime: job._creationTime,
    repositoryId: job.repositoryId,
    options: job.options,
    status: job.status,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    runAt: job.runAt,
    leaseExpiresAt: job.leaseExpiresAt,
    cancelRequested: job.cancelRequested,
    progress: job.progress,
    commit: job.commit,
    offline: job.offline,
    error: job.error,
    usage: job.usage,
    courseId: job.courseId,
    upToDate: job.upToDate,
    previousCourseId: job.previousCourseId,
    refreshAfter: job.refreshAfter,
    retryOf: job.retryOf,
    eventCount: job.eventCount,
    eventsTruncated: job.eventsTruncated,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    updatedAt: job.updatedAt,
  };
}

export const repositoryView = v.object({
  _id: v.id("repositories"),
  _creationTime: v.number(),
  source: v.union(v.literal("github"), v.literal("url")),
  url: v.string(),
  host: v.string(),
  github: v.optional(githubRef),
  name: v.string(),
  defaultBranch: v.optional(v.string()),
  private: v.boolean(),
  latestCourseId: v.optional(v.id("courses")),
  updatedAt: v.number(),
});

/** A repository as its owner sees it. */
export function toRepositoryView(repo: Doc<"repositories">): typeof repositoryView.type {
  return {
    _id: repo._id,
    _creationTime: repo._creationTime,
    source: repo.source,
    url: repo.url,
    host: repo.host,
    github: repo.github,
    name: repo.name,
    defaultBranch: repo.defaultBranch,
    private: repo.private,
    latestCourseId: repo.latestCourseId,
    updatedAt: repo.updatedAt,
  };
}

export const courseSummary = v.object({
  _id: v.id("courses"),
  _creationTime: v.number(),
  jobId: v.id("jobs"),
  title: v.string(),
  summary: v.string(),
  language: v.string(),
  model: v.union(v.string(), v.null()),
  commit: v.optional(v.string()),
  lessonCount: v.number(),
  usage: v.optional(usage),
  completedAt: v.optional(v.number()),
});

/** The headline of a complete course. */
export function toCourseSummary(course: Doc<"courses">): typeof courseSummary.type {
  return {
    _id: course._id,
    _creationTime: course._creationTime,
    jobId: course.jobId,
    title: course.title,
    summary: course.summary,
    language: course.language,
    model: course.model,
    commit: course.commit,
    lessonCount: course.lessonCount,
    usage: course.usage,
    completedAt: course.completedAt,
  };
}

export const lessonView = v.object({ order: v.number(), ...lessonFields });

/** A lesson's metadata (its markdown is fetched with courses.lesson). */
export function toLessonView(chapter: Doc<"chapters">): typeof lessonView.type {
  return {
    order: chapter.order,
    kind: chapter.kind,
    slug: chapter.slug,
    title: chapter.title,
    abstraction: chapter.abstraction,
    citations: chapter.citations,
    prev: chapter.prev,
    next: chapter.next,
  };
}

export const eventView = v.object({
  seq: v.number(),
  ts: v.number(),
  kind: v.string(),
  level: eventLevel,
  message: v.string(),
  data: v.optional(v.any()),
});

/** One event of a job's log. */
export function toEventView(event: Doc<"jobEvents">): typeof eventView.type {
  return {
    seq: event.seq,
    ts: event.ts,
    kind: event.kind,
    level: event.level,
    message: event.message,
    data: event.data,
  };
}
