/**
 * The whole state of Fondation. Each table says who writes it and who reads it; every
 * query path has an index (no table scans, no `.filter` over large tables).
 */
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  abstraction,
  answerWriter,
  courseUpdate,
  eventLevel,
  githubRef,
  jobError,
  jobOptions,
  jobProgress,
  jobStatus,
  lessonFields,
  mcpScope,
  questionCitation,
  questionError,
  questionStatus,
  questionUsage,
  relationship,
  sourceFile,
  usage,
  webhookDelivery,
} from "./lib/validators.ts";

export default defineSchema({
  /**
   * One row per signed-in identity, keyed by `tokenIdentifier` whatever the issuer
   * (Clerk or the local development issuer).
   * Written by: users.store (and the first mutation a user makes). Read by: every user function.
   */
  users: defineTable({
    tokenIdentifier: v.string(),
    name: v.optional(v.string()),
    githubLogin: v.optional(v.string()),
    avatarUrl: v.optional(v.string()),
    email: v.optional(v.string()),
    updatedAt: v.number(),
  }).index("by_token", ["tokenIdentifier"]),

  /**
   * A repository a user can ask a course for: a GitHub repository or any git URL.
   * `key` dedupes per owner (`github:owner/name` in lower case, or the normalised URL).
   * Written by: repositories.addByUrl / syncGithub / syncFromGithub (the user), the publish
   * verbs (latestCourseId). Read by: the web app (its owner), workerApi.claim (clone info).
   */
  repositories: defineTable({
    ownerId: v.id("users"),
    key: v.string(),
    source: v.union(v.literal("github"), v.literal("url")),
    /** Clone URL, never with credentials in it. */
    url: v.string(),
    host: v.string(),
    github: v.optional(githubRef),
    /** Display name, e.g. `owner/name`. */
    name: v.string(),
    defaultBranch: v.optional(v.string()),
    private: v.boolean(),
    latestCourseId: v.optional(v.id("courses")),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_owner", ["ownerId"])
    .index("by_owner_key", ["ownerId", "key"]),

  /**
   * The queue: one row per course request. `status` moves only through the named
   * transitions of lib/transitions.ts; `active` mirrors "status is not terminal" so that
   * dedupe and the active lists are index lookups. A lease (`workerId`, `leaseExpiresAt`,
   * `expiryFunctionId`) exists exactly while the job is running.
   * Written by: jobs.request/cancel/retry (the user), workerApi (the worker holding the lease),
   * leases.expire/sweep (the scheduler), maintenance (maintainers).
   * Read by: the web app (its owner), workerApi.claimable/watchRunning (workers).
   */
  jobs: defineTable({
    ownerId: v.id("users"),
    repositoryId: v.id("repositories"),
    options: jobOptions,
    status: jobStatus,
    active: v.boolean(),
    /** Number of claims so far; the fencing token of worker writes. */
    attempt: v.number(),
    maxAttempts: v.number(),
    /** Earliest time the job may be claimed (backoff). */
    runAt: v.number(),
    workerId: v.optional(v.string()),
    leaseExpiresAt: v.optional(v.number()),
    expiryFunctionId: v.optional(v.id("_scheduled_functions")),
    cancelRequested: v.boolean(),
    progress: v.optional(jobProgress),
    /** Commit analysed, reported by the worker after the clone. */
    commit: v.optional(v.string()),
    /** Reported with the commit: the worker has no model key, so the course is written offline. */
    offline: v.optional(v.boolean()),
    /** Last error: the reason of a failure, or of the last retry while queued. */
    error: v.optional(jobError),
    usage: v.optional(usage),
    courseId: v.optional(v.id("courses")),
    /** Set when the job ended without a run: `courseId` already existed at its commit (lib/upToDate.ts). */
    upToDate: v.optional(v.boolean()),
    /**
     * A refresh: the course this job brings up to date (the worker passes it to the CLI's
     * `--update`, which rewrites only what changed). Absent for a course built from nothing.
     */
    previousCourseId: v.optional(v.id("courses")),
    /**
     * A refresh was asked while this job was running (its commit may be older than the push):
     * the transition that ends it queues that refresh (lib/refreshes.ts). Written by:
     * refresh.request / fromPush. Read by: the ending transitions.
     */
    refreshAfter: v.optional(v.boolean()),
    /** The failed or canceled job this one retries. */
    retryOf: v.optional(v.id("jobs")),
    /** Job whose checkpoints this one resumes from (the first job of a retry chain). */
    checkpointsOf: v.optional(v.id("jobs")),
    /** Events stored so far (the last seq); the next event gets eventCount + 1. */
    eventCount: v.number(),
    eventsTruncated: v.boolean(),
    startedAt: v.optional(v.number()),
    /** Time of the latest claim: the most recently claimed job's owner is the fair queue's cursor. */
    claimedAt: v.optional(v.number()),
    finishedAt: v.optional(v.number()),
    updatedAt: v.number(),
  })
    .index("by_status_runAt", ["status", "runAt"])
    /** The fair queue (lib/fairQueue.ts): the head of each owner's queued jobs. */
    .index("by_status_owner_runAt", ["status", "ownerId", "runAt"])
    .index("by_claimedAt", ["claimedAt"])
    .index("by_lease_expiry", ["leaseExpiresAt"])
    .index("by_worker", ["workerId"])
    .index("by_owner_active", ["ownerId", "active"])
    .index("by_repository", ["repositoryId"])
    .index("by_repository_active", ["repositoryId", "active"])
    .index("by_finished", ["finishedAt"]),

  /**
   * A repository's GitHub webhook (issue 15): `hookId` is public (it is in the URL GitHub
   * posts to); `secret` signs deliveries (HMAC-SHA256) and leaves Convex only once, in the
   * answer of webhooks.enable; `generation` grows with each new secret, so a delivery
   * verified with a secret replaced meanwhile is refused. Kept when disabled (the secret is
   * dropped), for its last delivery.
   * Written by: webhooks.enable / disable (the owner), webhooks.receive (lastDelivery).
   * Read by: webhooks.settings (the owner, never the secret), webhooks.hookForDelivery (http.ts).
   */
  webhooks: defineTable({
    ownerId: v.id("users"),
    repositoryId: v.id("repositories"),
    hookId: v.string(),
    secret: v.optional(v.string()),
    generation: v.number(),
    enabled: v.boolean(),
    lastDelivery: v.optional(webhookDelivery),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_repository", ["repositoryId"])
    .index("by_hookId", ["hookId"]),

  /**
   * Deliveries a webhook accepted, by GitHub's `X-GitHub-Delivery` id, so a replayed or
   * redelivered one does nothing the second time. Written by: webhooks.receive.
   * Read by: webhooks.receive. Deleted by: maintenance.purgeWebhookDeliveries (cron) after
   * WEBHOOK_DELIVERY_TTL_MS.
   */
  webhookDeliveries: defineTable({
    webhookId: v.id("webhooks"),
    deliveryId: v.string(),
    event: v.string(),
    outcome: v.string(),
    at: v.number(),
  })
    .index("by_webhook_delivery", ["webhookId", "deliveryId"])
    .index("by_at", ["at"]),

  /**
   * Workers that said they are up, and whether each has a model key (offline: none).
   * Written by: workerApi.announce (at a worker's start, then every few minutes).
   * Read by: workers.mode (the request form says what the course will be written with).
   */
  workers: defineTable({
    workerId: v.string(),
    offline: v.boolean(),
    seenAt: v.number(),
  })
    .index("by_workerId", ["workerId"])
    .index("by_seenAt", ["seenAt"]),

  /**
   * What a user used in one UTC day (`day` is YYYY-MM-DD): jobs requested and the model cost
   * of the jobs that finished that day, for the fair-use limits (lib/quota.ts).
   * Written by: jobs.request/retry (jobs; given back when a job ends up to date), the succeed
   * transition (costUsd), questionWorker.finishQuestion / failQuestion (an answer's costUsd).
   * Read by: the limit checks of those mutations, quota.mine (its owner).
   */
  usageDays: defineTable({
    ownerId: v.id("users"),
    day: v.string(),
    jobs: v.number(),
    costUsd: v.number(),
    updatedAt: v.number(),
  }).index("by_owner_day", ["ownerId", "day"]),

  /**
   * Append-only log of a job, `seq` 1, 2, 3… with no gaps.
   * Written by: workerApi.appendEvents and the transitions (system events). Read by: the web
   * app (jobEvents.list / tail, its owner). Deleted by: maintenance.purgeOldEvents.
   */
  jobEvents: defineTable({
    jobId: v.id("jobs"),
    seq: v.number(),
    ts: v.number(),
    kind: v.string(),
    level: eventLevel,
    message: v.string(),
    data: v.optional(v.any()),
  }).index("by_job_seq", ["jobId", "seq"]),

  /**
   * A pipeline step's validated output, so a re-delivered attempt resumes. Header row;
   * the JSON text lives in jobCheckpointParts. Written by: workerApi.saveCheckpoint.
   * Read by: workerApi.claim (names of complete checkpoints), workerApi.loadCheckpoint.
   */
  jobCheckpoints: defineTable({
    jobId: v.id("jobs"),
    name: v.string(),
    partCount: v.number(),
    /** Indexes of the parts stored so far; complete when it holds 0..partCount-1. */
    received: v.array(v.number()),
    complete: v.boolean(),
    attempt: v.number(),
    updatedAt: v.number(),
  }).index("by_job_name", ["jobId", "name"]),

  /** One part of a checkpoint's JSON text. Written/read by the checkpoint verbs only. */
  jobCheckpointParts: defineTable({
    checkpointId: v.id("jobCheckpoints"),
    index: v.number(),
    data: v.string(),
  }).index("by_checkpoint_index", ["checkpointId", "index"]),

  /**
   * One course per successful job (history kept per repository). Invisible to users until
   * `status` is "complete". Written by: workerApi.beginPublish/completePublish.
   * Read by: the web app (courses.get / listForRepository / lesson, its owner).
   */
  courses: defineTable({
    ownerId: v.id("users"),
    repositoryId: v.id("repositories"),
    jobId: v.id("jobs"),
    attempt: v.number(),
    status: v.union(v.literal("publishing"), v.literal("complete"), v.literal("abandoned")),
    title: v.string(),
    summary: v.string(),
    language: v.string(),
    model: v.union(v.string(), v.null()),
    commit: v.optional(v.string()),
    abstractions: v.array(abstraction),
    relationships: v.array(relationship),
    lessonCount: v.number(),
    usage: v.optional(usage),
    completedAt: v.optional(v.number()),
    /** A refreshed version: what changed since the course it was made from (manifest `update`). */
    changes: v.optional(courseUpdate),
    /**
     * The files the course stands on with their blob ids (manifest `files`, at most
     * MAX_COURSE_SOURCE_FILES), so a refresh of it tells the CLI which files changed.
     * Written by: workerApi.beginPublish. Read by: workerPrevious.manifest (the refresh's worker).
     */
    sourceFiles: v.optional(v.array(sourceFile)),
    /**
     * The folders of the tree the course was written from (manifest `folders`, at most
     * MAX_COURSE_FOLDERS): its refresh finds new modules without the previous commit.
     * Written by: workerApi.beginPublish. Read by: workerPrevious.manifest.
     */
    folders: v.optional(v.array(v.string())),
    /**
     * Set while the owner shares the course by link (unlisted): whoever holds the key may read
     * it (lib/courseAccess.ts). Cleared to make it private again; a new key on each share.
     * Written by: courses.setSharing (the owner).
     */
    shareKey: v.optional(v.string()),
    /**
     * The owner lets readers of the shared course ask it questions (issue 16; off when
     * absent). Their answers cost the asker, not the owner. Written by:
     * courses.setAllowQuestions (the owner). Read by: questions.ask (lib/questionAccess.ts).
     */
    allowQuestions: v.optional(v.boolean()),
  })
    .index("by_repository_status", ["repositoryId", "status"])
    .index("by_job", ["jobId"])
    .index("by_status", ["status"])
    /** Same commit, same course (lib/upToDate.ts). */
    .index("by_repository_commit_status", ["repositoryId", "commit", "status"]),

  /**
   * A chapter or tutorial of a course, in teaching order (`order`), with the source ranges
   * it cites; its markdown lives in chapterParts. Written by: workerApi.beginPublish
   * (metadata) and addLessonPart (`received`). Read by: courses.get / lesson.
   */
  chapters: defineTable({
    courseId: v.id("courses"),
    order: v.number(),
    ...lessonFields,
    partCount: v.number(),
    received: v.array(v.number()),
  })
    .index("by_course_order", ["courseId", "order"])
    .index("by_course_slug", ["courseId", "slug"]),

  /**
   * One reader's progress in one lesson of a course: when they finished reading it, and the
   * tutorial steps they ticked (keys of shared/src/progress.ts, at most MAX_STEP_KEYS).
   * `stepCount` is the lesson's number of steps as the reader's page counted them (for "x/y").
   * Written by: progress.markRead / setStep (the reader, signed in, who may read the course).
   * Read by: progress.forCourse (that reader only).
   */
  lessonProgress: defineTable({
    userId: v.id("users"),
    courseId: v.id("courses"),
    slug: v.string(),
    readAt: v.optional(v.number()),
    checked: v.array(v.string()),
    stepCount: v.optional(v.number()),
    updatedAt: v.number(),
  }).index("by_user_course_slug", ["userId", "courseId", "slug"]),

  /** One part of a lesson's markdown. Written by: workerApi.addLessonPart. Read by: courses.lesson. */
  chapterParts: defineTable({
    chapterId: v.id("chapters"),
    index: v.number(),
    markdown: v.string(),
  }).index("by_chapter_index", ["chapterId", "index"]),

  /**
   * One section of a lesson's text (between two headings) as plain text, for search.
   * `searchText` is the section's words (and the lesson title on its first row) lower case,
   * joined by spaces (shared/src/searchTerms.ts). Written by: lib/lessonSearch.ts when a
   * lesson's last part arrives. Read by: search.inCourse / mine. Deleted by: purgeAbandoned.
   */
  lessonSearch: defineTable({
    courseId: v.id("courses"),
    ownerId: v.id("users"),
    repositoryId: v.id("repositories"),
    chapterId: v.id("chapters"),
    slug: v.string(),
    lessonTitle: v.string(),
    /** The reader's id of the heading above this text; null before the first heading. */
    headingId: v.union(v.string(), v.null()),
    heading: v.string(),
    text: v.string(),
    searchText: v.string(),
  })
    .index("by_chapter", ["chapterId"])
    .searchIndex("search_text", {
      searchField: "searchText",
      filterFields: ["courseId", "ownerId"],
    }),

  /**
   * A source file a course cites, published with it (the text of the file at the course's
   * commit lives in courseFileParts). Complete when `received` holds 0..partCount-1; `chars`
   * counts the characters received (never more than `size`, the file's bytes).
   * Written by: workerApi.addSourceParts (lib/sources.ts). Read by: sources.file / list
   * (through readableCourse), completePublish. Deleted by: courses.purgeAbandoned.
   */
  courseFiles: defineTable({
    courseId: v.id("courses"),
    path: v.string(),
    size: v.number(),
    lines: v.number(),
    partCount: v.number(),
    received: v.array(v.number()),
    chars: v.number(),
  }).index("by_course_path", ["courseId", "path"]),

  /** One part of a published file's text. Written by: workerApi.addSourceParts. Read by: sources.file. */
  courseFileParts: defineTable({
    fileId: v.id("courseFiles"),
    index: v.number(),
    text: v.string(),
  }).index("by_file_index", ["fileId", "index"]),

  /**
   * A personal token a coding agent uses for the MCP server over HTTP (web/src/app/api/mcp):
   * only the SHA-256 of the token is kept, the token itself is shown once to its owner.
   * `prefix` is the token's non-secret start, to tell tokens apart in the list. A revoked
   * token keeps its row (revokedAt set) so the list can say so; it is refused everywhere.
   * Written by: mcpTokens.create / revoke (the owner), mcpAccess.authenticate (lastUsedAt).
   * Read by: mcpTokens.list (the owner), every mcpAccess function (by hash).
   */
  mcpTokens: defineTable({
    ownerId: v.id("users"),
    name: v.string(),
    tokenHash: v.string(),
    prefix: v.string(),
    scopes: v.array(mcpScope),
    createdAt: v.number(),
    lastUsedAt: v.optional(v.number()),
    revokedAt: v.optional(v.number()),
  })
    .index("by_hash", ["tokenHash"])
    /** The list, newest first; the cap counts the live ones (revokedAt absent). */
    .index("by_owner_revokedAt", ["ownerId", "revokedAt"]),

  /**
   * A question about a course and its answer (issue 16). Leased and fenced like jobs, in a
   * queue of its own so a question never waits behind a course: `attempt` is the fencing
   * token, the lease (`workerId`, `leaseExpiresAt`, `leaseMs`) exists exactly while the
   * status is "answering". `answer` grows by one patch per batch the worker streams.
   * `threadId` is absent on the first question of a thread, whose id is the thread's;
   * follow-ups point to it.
   * Written by: questions.ask / cancel (the asker), questionWorker (the worker holding the
   * lease), questionLeases.expire / sweep (the scheduler).
   * Read by: questions.get / thread / listForCourse (the asker only), questionWorker.claimable.
   */
  questions: defineTable({
    askerId: v.id("users"),
    courseId: v.id("courses"),
    threadId: v.optional(v.id("questions")),
    question: v.string(),
    status: questionStatus,
    /** Number of claims so far; the fencing token of the worker's writes. */
    attempt: v.number(),
    maxAttempts: v.number(),
    /** Earliest time the question may be claimed (backoff after a retryable failure). */
    runAt: v.number(),
    workerId: v.optional(v.string()),
    leaseExpiresAt: v.optional(v.number()),
    /** The lease length of the claim: each batch renews the lease by this much. */
    leaseMs: v.optional(v.number()),
    /** The answer so far (at most MAX_ANSWER_CHARS, lib/questionRules.ts). */
    answer: v.string(),
    citations: v.array(questionCitation),
    writtenBy: v.optional(answerWriter),
    usage: v.optional(questionUsage),
    error: v.optional(questionError),
    createdAt: v.number(),
    startedAt: v.optional(v.number()),
    finishedAt: v.optional(v.number()),
    updatedAt: v.number(),
  })
    /** The claimable queue: queued rows by runAt. */
    .index("by_status_runAt", ["status", "runAt"])
    /** The lease sweep: answering rows by lease end. */
    .index("by_status_lease", ["status", "leaseExpiresAt"])
    /** A user's history per course, newest first (order desc on _creationTime). */
    .index("by_asker_course", ["askerId", "courseId"])
    /** The unanswered limit: a user's queued and answering questions. */
    .index("by_asker_status", ["askerId", "status"])
    /** The daily limit: a user's questions since the start of the UTC day. */
    .index("by_asker_createdAt", ["askerId", "createdAt"])
    /** A thread's follow-ups in order (the thread's first question is its id). */
    .index("by_thread", ["threadId"])
    /** What a worker is answering (it watches for cancels). */
    .index("by_worker", ["workerId"]),
});
