/**
 * An in-memory WorkerBackend with the queue's rules (claim grants a lease and counts an
 * attempt; fenced writes are refused once the lease moved on; cancel; release) for the
 * runner's unit tests. Not the real Convex functions: the end-to-end tests use those.
 */
import { ConvexError } from "convex/values";
import type {
  ClaimableRow,
  ClaimedJob,
  CourseInput,
  EventInput,
  Fence,
  Fenced,
  LessonInput,
  NotDue,
  PreviousCourse,
  PreviousPart,
  RunningRow,
  WorkerBackend,
} from "../../src/runner/backend.ts";

export interface MemJob {
  jobId: string;
  status: string;
  attempt: number;
  maxAttempts: number;
  runAt: number;
  workerId?: string;
  leaseExpiresAt?: number;
  cancelRequested: boolean;
  url: string;
  host: string;
  options: { language: string; model: string };
  events: EventInput[];
  error?: { code: string; message: string; retryable: boolean };
  progress?: unknown;
  commit?: string;
  courseId?: string;
  upToDate?: boolean;
  /** What the worker said when it reported the commit. */
  offline?: boolean;
  /** A refresh: the course it brings up to date. */
  previousCourseId?: string;
}

export interface MemCourse {
  jobId: string;
  attempt: number;
  /** As beginPublish received them. */
  course: CourseInput;
  meta: LessonInput[];
  lessons: Map<string, string[]>;
  /** Published source files by path: their parts as sent. */
  files: Map<string, { size: number; lines: number; parts: string[] }>;
  complete: boolean;
}

export class MemoryQueue {
  jobs = new Map<string, MemJob>();
  checkpoints = new Map<string, Map<string, { count: number; parts: string[] }>>();
  courses = new Map<string, MemCourse>();
  /** Parts in one page of a previous course (small, so paging is exercised). */
  previousPageParts = 2;
  /** Courses that already exist, by commit: a job at one of them ends up to date. */
  coursesAtCommit = new Map<string, string>();
  /** Delay of each claim's answer (to test a shutdown while a claim is in flight). */
  claimDelayMs = 0;
  /** Backoff before a failed, retryable job can be claimed again. */
  retryDelayMs = 100;
  /** Each worker's announce calls: who, and whether it runs without a model key. */
  announced: { workerId: string; offline: boolean }[] = [];
  calls: { fn: string; workerId: string; jobId?: string; attempt?: number; refused?: boolean }[] =
    [];
  private listeners = new Set<() => void>();
  private seq = 0;

  add(partial: Partial<MemJob> & { url: string; host?: string }): MemJob {
    const job: MemJob = {
      jobId: `job${++this.seq}`,
      status: "queued",
      attempt: 0,
      maxAttempts: 3,
      runAt: Date.now(),
      cancelRequested: false,
      host: "127.0.0.1",
      options: { language: "en", model: "claude-sonnet-5-5" },
      events: [],
      ...partial,
    };
    this.jobs.set(job.jobId, job);
    this.changed();
    return job;
  }

  requestCancel(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    if (job.status === "queued") job.status = "canceled";
    else job.cancelRequested = true;
    this.changed();
  }

  /** Expire a lease now (as the scheduler would). */
  expire(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    job.status = "queued";
    job.workerId = undefined;
    this.changed();
  }

  changed(): void {
    queueMicrotask(() => {
      for (const l of this.listeners) l();
    });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  backend(workerId: string): WorkerBackend {
    return new MemoryBackend(this, workerId);
  }
}

const RUNNING = new Set(["claimed", "cloning", "analyzing", "publishing"]);

class MemoryBackend implements WorkerBackend {
  readonly workerId: string;
  private closed = false;
  private readonly q: MemoryQueue;
  constructor(q: MemoryQueue, workerId: string) {
    this.q = q;
    this.workerId = workerId;
  }

  private fence<T>(fn: string, fence: Fence, body: (job: MemJob) => T): Promise<Fenced<T>> {
    const job = this.q.jobs.get(fence.jobId);
    let refusal: string | undefined;
    if (!job) refusal = "job_not_found";
    else if (job.attempt !== fence.attempt) refusal = "stale_attempt";
    else if (!RUNNING.has(job.status)) refusal = "not_running";
    else if (job.workerId !== this.workerId) refusal = "lease_lost";
    this.q.calls.push({
      fn,
      workerId: this.workerId,
      jobId: fence.jobId,
      attempt: fence.attempt,
      refused: !!refusal,
    });
    if (refusal || !job)
      return Promise.resolve({ ok: false, reason: refusal ?? "x", message: refusal ?? "" });
    const value = body(job);
    this.q.changed();
    return Promise.resolve({ ok: true, ...value } as Fenced<T>);
  }

  watchClaimable(onRows: (rows: ClaimableRow[]) => void): () => void {
    const push = () => {
      const rows = [...this.q.jobs.values()]
        .filter((j) => j.status === "queued")
        .sort((a, b) => a.runAt - b.runAt)
        .map((j) => ({ jobId: j.jobId, runAt: j.runAt, attempt: j.attempt }));
      onRows(rows);
    };
    push();
    return this.q.subscribe(push);
  }

  watchRunning(onRows: (rows: RunningRow[]) => void): () => void {
    const push = () =>
      onRows(
        [...this.q.jobs.values()]
          .filter((j) => j.workerId === this.workerId)
          .map((j) => ({
            jobId: j.jobId,
            attempt: j.attempt,
            status: j.status,
            cancelRequested: j.cancelRequested,
          })),
      );
    push();
    return this.q.subscribe(push);
  }

  async announce(offline: boolean): Promise<{ serverTime: number }> {
    this.q.announced.push({ workerId: this.workerId, offline });
    return { serverTime: Date.now() };
  }

  async claim(jobId: string, leaseMs: number): Promise<ClaimedJob | NotDue | null> {
    this.q.calls.push({ fn: "claim", workerId: this.workerId, jobId });
    if (this.q.claimDelayMs > 0) await new Promise((r) => setTimeout(r, this.q.claimDelayMs));
    const job = this.q.jobs.get(jobId);
    if (job?.status !== "queued") return null;
    if (job.runAt > Date.now()) return { notDue: true, runAt: job.runAt, serverTime: Date.now() };
    job.status = "claimed";
    job.attempt += 1;
    job.workerId = this.workerId;
    job.leaseExpiresAt = Date.now() + leaseMs;
    this.q.changed();
    const saved = this.q.checkpoints.get(jobId);
    return {
      jobId,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      workerId: this.workerId,
      leaseExpiresAt: job.leaseExpiresAt,
      options: job.options,
      repository: { url: job.url, host: job.host, name: "test/repo", private: false },
      ...(job.previousCourseId ? { previousCourseId: job.previousCourseId } : {}),
      checkpoints: saved
        ? [...saved.entries()]
            .filter(([, c]) => c.parts.filter(Boolean).length === c.count)
            .map(([n]) => n)
        : [],
      serverTime: Date.now(),
    };
  }

  heartbeat(
    fence: Fence,
    args: { leaseMs: number; progress?: unknown; status?: string; commit?: string },
  ) {
    return this.fence("heartbeat", fence, (job) => {
      if (
        args.status &&
        (job.status === "claimed" || (job.status === "cloning" && args.status === "analyzing"))
      ) {
        job.status = args.status;
      }
      job.progress = args.progress;
      if (args.commit) job.commit = args.commit;
      job.leaseExpiresAt = Date.now() + args.leaseMs;
      return { cancelRequested: job.cancelRequested, leaseExpiresAt: job.leaseExpiresAt };
    });
  }

  reportCommit(fence: Fence, args: { commit: string; offline: boolean }) {
    return this.fence("reportCommit", fence, (job) => {
      job.commit = args.commit;
      job.offline = args.offline;
      const courseId = this.q.coursesAtCommit.get(args.commit);
      if (courseId === undefined) return { upToDate: null };
      Object.assign(job, { status: "succeeded", courseId, upToDate: true, workerId: undefined });
      return { upToDate: { courseId } };
    });
  }

  appendEvents(fence: Fence, events: EventInput[], progress?: unknown) {
    return this.fence("appendEvents", fence, (job) => {
      job.events.push(...events);
      if (progress) job.progress = progress;
      return { accepted: events.length, dropped: 0 };
    });
  }

  saveCheckpoint(fence: Fence, args: { name: string; index: number; count: number; data: string }) {
    return this.fence("saveCheckpoint", fence, () => {
      const map: Map<string, { count: number; parts: string[] }> =
        this.q.checkpoints.get(fence.jobId) ?? new Map();
      this.q.checkpoints.set(fence.jobId, map);
      const entry = map.get(args.name);
      const c =
        entry && entry.count === args.count && args.index > 0
          ? entry
          : { count: args.count, parts: [] as string[] };
      c.parts[args.index] = args.data;
      map.set(args.name, c);
      return { complete: c.parts.filter((p) => p !== undefined).length === c.count };
    });
  }

  loadCheckpoint(fence: Fence, args: { name: string; index: number }) {
    return this.fence("loadCheckpoint", fence, () => {
      const c = this.q.checkpoints.get(fence.jobId)?.get(args.name);
      const data = c?.parts[args.index];
      return { part: c && data !== undefined ? { count: c.count, data } : null };
    });
  }

  /** The job's previous course when it is complete (like convex/lib/previousCourse.ts). */
  private previousOf(job: MemJob): [string, MemCourse] | null {
    const id = job.previousCourseId;
    const course = id ? this.q.courses.get(id) : undefined;
    return id && course?.complete ? [id, course] : null;
  }

  private partsOf(course: MemCourse): PreviousPart[] {
    const parts: PreviousPart[] = [];
    for (const l of course.meta) {
      for (const [index, text] of (course.lessons.get(l.slug) ?? []).entries()) {
        parts.push({ kind: "lesson", slug: l.slug, index, text });
      }
    }
    for (const path of [...course.files.keys()].sort()) {
      for (const [index, text] of (course.files.get(path)?.parts ?? []).entries()) {
        parts.push({ kind: "file", path, index, text });
      }
    }
    return parts;
  }

  previousCourse(fence: Fence) {
    return this.fence("previousCourse", fence, (job) => {
      const found = this.previousOf(job);
      if (!found) return { course: null };
      const [courseId, c] = found;
      const course: PreviousCourse = {
        courseId,
        title: c.course.title,
        summary: c.course.summary,
        language: c.course.language,
        model: c.course.model,
        ...(c.course.commit ? { commit: c.course.commit } : {}),
        abstractions: c.course.abstractions,
        relationships: c.course.relationships,
        sourceFiles: c.course.sourceFiles ?? [],
        ...(c.course.folders ? { folders: c.course.folders } : {}),
        lessons: c.meta,
        files: [...c.files.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([path, f]) => ({ path, size: f.size, lines: f.lines, partCount: f.parts.length })),
        partCount: this.partsOf(c).length,
      };
      return { course };
    });
  }

  previousCourseParts(fence: Fence, args: { courseId: string; from: number }) {
    return this.fence("previousCourseParts", fence, (job) => {
      const found = this.previousOf(job);
      if (!found || found[0] !== args.courseId) return { page: null };
      const all = this.partsOf(found[1]);
      const end = Math.min(all.length, args.from + this.q.previousPageParts);
      return {
        page: { parts: all.slice(args.from, end), next: end < all.length ? end : null },
      };
    });
  }

  beginPublish(fence: Fence, args: { course: CourseInput; lessons: LessonInput[] }) {
    // Like convex/lib/publish.ts: a lesson title is 1 to 500 characters.
    const bad = args.lessons.find((l) => l.title.length > 500);
    if (bad) {
      return Promise.reject(
        new ConvexError({
          code: "invalid_argument",
          message: `Lesson "${bad.slug}" needs a title of 1 to 500 characters.`,
        }),
      );
    }
    return this.fence("beginPublish", fence, (job) => {
      job.status = "publishing";
      const courseId = `course-${job.jobId}-${job.attempt}`;
      this.q.courses.set(courseId, {
        jobId: job.jobId,
        attempt: job.attempt,
        course: args.course,
        meta: args.lessons,
        lessons: new Map(args.lessons.map((l) => [l.slug, new Array(l.partCount)])),
        files: new Map(),
        complete: false,
      });
      return { courseId };
    });
  }

  addLessonPart(
    fence: Fence,
    args: { courseId: string; slug: string; index: number; markdown: string },
  ) {
    return this.fence("addLessonPart", fence, () => {
      const parts = this.q.courses.get(args.courseId)?.lessons.get(args.slug);
      if (!parts) throw new Error("no such lesson");
      parts[args.index] = args.markdown;
      return { lessonComplete: parts.every((p) => p !== undefined) };
    });
  }

  addSourceParts(
    fence: Fence,
    args: Parameters<WorkerBackend["addSourceParts"]>[1],
  ): Promise<Fenced<{ filesComplete: number }>> {
    return this.fence("addSourceParts", fence, () => {
      const course = this.q.courses.get(args.courseId);
      if (!course) throw new Error("no course");
      let filesComplete = 0;
      for (const p of args.parts) {
        const file = course.files.get(p.path) ?? {
          size: p.size,
          lines: p.lines,
          parts: new Array<string>(p.partCount),
        };
        file.parts[p.index] = p.text;
        course.files.set(p.path, file);
        if ([...file.parts].every((x) => x !== undefined)) filesComplete += 1;
      }
      return { filesComplete };
    });
  }

  completePublish(fence: Fence, args: { courseId: string }) {
    return this.fence("completePublish", fence, (job) => {
      const course = this.q.courses.get(args.courseId);
      if (!course) throw new Error("no course");
      // Like convex/lib/sources.ts: every published file has all its parts.
      for (const [path, file] of course.files) {
        if (![...file.parts].every((x) => x !== undefined)) throw new Error(`${path} misses parts`);
      }
      course.complete = true;
      job.status = "succeeded";
      job.courseId = args.courseId;
      job.workerId = undefined;
      return {} as Record<string, never>;
    });
  }

  fail(fence: Fence, args: { code: string; message: string; retryable: boolean }) {
    return this.fence("fail", fence, (job) => {
      job.error = args;
      const status = args.retryable && job.attempt < job.maxAttempts ? "queued" : "failed";
      job.status = status;
      job.workerId = undefined;
      if (status === "queued") job.runAt = Date.now() + this.q.retryDelayMs;
      return { status: status as "queued" | "failed" };
    });
  }

  confirmCanceled(fence: Fence) {
    return this.fence("confirmCanceled", fence, (job) => {
      job.status = "canceled";
      job.workerId = undefined;
      return {} as Record<string, never>;
    });
  }

  release(fence: Fence) {
    return this.fence("release", fence, (job) => {
      const status = job.cancelRequested ? "canceled" : "queued";
      job.status = status;
      if (status === "queued") job.attempt -= 1; // not counted
      job.workerId = undefined;
      return { status: status as "queued" | "canceled" };
    });
  }

  isConnected(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
