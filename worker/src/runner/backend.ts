/**
 * What the runner needs from Convex, as an interface: the worker functions of
 * convex/workerApi.ts with the worker secret and worker id already bound. The production
 * implementation is convexBackend.ts (ConvexClient over WebSocket); tests may use others.
 * Fenced calls answer {ok:false, reason, message} once this attempt lost the job.
 */
import type { CourseUpdate, JobErrorCode, JobProgress, SourceFile, Usage } from "@fondation/shared";

export interface Fence {
  jobId: string;
  attempt: number;
}

export type Refusal = { ok: false; reason: string; message: string };
export type Fenced<T> = ({ ok: true } & T) | Refusal;

export interface ClaimableRow {
  jobId: string;
  runAt: number;
  attempt: number;
}

export interface RunningRow {
  jobId: string;
  attempt: number;
  status: string;
  cancelRequested: boolean;
  leaseExpiresAt?: number;
}

export interface ClaimedJob {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  workerId: string;
  leaseExpiresAt: number;
  options: { language: string; model: string; ref?: string };
  repository: {
    url: string;
    host: string;
    name: string;
    github?: { owner: string; name: string };
    defaultBranch?: string;
    private: boolean;
  };
  /**
   * The job's owner, when Convex provides it: the Clerk user id (or the identity's
   * tokenIdentifier, `issuer|subject`, whose subject is the Clerk user id), used to fetch
   * their GitHub token. Not in the claim result yet (see the report of issue 5).
   */
  owner?: { clerkUserId?: string; tokenIdentifier?: string };
  checkpoints: string[];
  /** The server's clock at the claim (the worker corrects its own by it). */
  serverTime?: number;
  /** A refresh: the course this job brings up to date (the CLI's `--update`). */
  previousCourseId?: string;
}

/** A claim refused because the job is not due yet by the server's clock. */
export interface NotDue {
  notDue: true;
  runAt: number;
  serverTime: number;
}

export interface EventInput {
  ts: number;
  kind: string;
  level: "debug" | "info" | "warn" | "error";
  message: string;
  data?: unknown;
}

export interface CourseInput {
  title: string;
  summary: string;
  language: string;
  model: string | null;
  commit?: string;
  abstractions: { id: string; name: string; description: string; files: string[] }[];
  relationships: { from: string; to: string; label: string }[];
  /** A refresh: the manifest's `update` (Convex adds the course it was made from). */
  changes?: CourseUpdate;
  /** The manifest's `files`, kept for the next refresh. */
  sourceFiles?: SourceFile[];
  /** The manifest's `folders`, kept for the next refresh. */
  folders?: string[];
}

/** The previous course of a refresh without its text (convex/workerPrevious.ts manifest). */
export interface PreviousCourse {
  courseId: string;
  title: string;
  summary: string;
  language: string;
  model: string | null;
  commit?: string;
  abstractions: CourseInput["abstractions"];
  relationships: CourseInput["relationships"];
  sourceFiles: SourceFile[];
  folders?: string[];
  lessons: LessonInput[];
  files: { path: string; size: number; lines: number; partCount: number }[];
  /** Parts of all lessons and files, numbered 0..partCount-1 by previousCourseParts. */
  partCount: number;
}

export type PreviousPart =
  | { kind: "lesson"; slug: string; index: number; text: string }
  | { kind: "file"; path: string; index: number; text: string };

/** One page of those parts; `next` is the number of the next page's first part. */
export interface PreviousPage {
  parts: PreviousPart[];
  next: number | null;
}

export interface LessonInput {
  kind: "chapter" | "tutorial";
  slug: string;
  title: string;
  abstraction?: string;
  citations: { path: string; startLine: number; endLine: number }[];
  prev: string | null;
  next: string | null;
  partCount: number;
}

export interface WorkerBackend {
  readonly workerId: string;
  /** Subscribe to the head of the queue; returns the unsubscribe function. */
  watchClaimable(onRows: (rows: ClaimableRow[]) => void, onError: (e: Error) => void): () => void;
  /** Subscribe to this worker's running jobs (cancel flags). */
  watchRunning(onRows: (rows: RunningRow[]) => void, onError: (e: Error) => void): () => void;
  /** Says this worker is up, and whether it runs offline (no model key); answers the server's time. */
  announce(offline: boolean): Promise<{ serverTime: number } | undefined>;
  /** The claimed job; null when the race was lost; NotDue when the job is still backing off. */
  claim(jobId: string, leaseMs: number): Promise<ClaimedJob | NotDue | null>;
  heartbeat(
    fence: Fence,
    args: {
      leaseMs: number;
      progress?: JobProgress;
      status?: "cloning" | "analyzing";
      commit?: string;
    },
  ): Promise<Fenced<{ cancelRequested: boolean; leaseExpiresAt: number }>>;
  /**
   * The cloned commit, and whether this worker runs offline. `upToDate` names the course the
   * commit already has with the job's options: Convex then ended the job (no CLI run).
   */
  reportCommit(
    fence: Fence,
    args: { commit: string; offline: boolean },
  ): Promise<Fenced<{ upToDate: { courseId: string } | null }>>;
  /** `progress`: the job's progress as of the last event, so the headline keeps up with the log. */
  appendEvents(
    fence: Fence,
    events: EventInput[],
    progress?: JobProgress,
  ): Promise<Fenced<{ accepted: number; dropped: number }>>;
  saveCheckpoint(
    fence: Fence,
    args: { name: string; index: number; count: number; data: string },
  ): Promise<Fenced<{ complete: boolean }>>;
  loadCheckpoint(
    fence: Fence,
    args: { name: string; index: number },
  ): Promise<Fenced<{ part: { count: number; data: string } | null }>>;
  /** A refresh's previous course (null when it is gone: build from nothing). */
  previousCourse(fence: Fence): Promise<Fenced<{ course: PreviousCourse | null }>>;
  /** Its parts from number `from` on, one bounded page; null when the course is gone. */
  previousCourseParts(
    fence: Fence,
    args: { courseId: string; from: number },
  ): Promise<Fenced<{ page: PreviousPage | null }>>;
  beginPublish(
    fence: Fence,
    args: { course: CourseInput; lessons: LessonInput[] },
  ): Promise<Fenced<{ courseId: string }>>;
  addLessonPart(
    fence: Fence,
    args: { courseId: string; slug: string; index: number; markdown: string },
  ): Promise<Fenced<{ lessonComplete: boolean }>>;
  /** Parts of the cited source files (course/sourceFiles.ts), before completePublish. */
  addSourceParts(
    fence: Fence,
    args: {
      courseId: string;
      parts: {
        path: string;
        size: number;
        lines: number;
        partCount: number;
        index: number;
        text: string;
      }[];
    },
  ): Promise<Fenced<{ filesComplete: number }>>;
  completePublish(
    fence: Fence,
    args: { courseId: string; usage: Usage; commit?: string },
  ): Promise<Fenced<Record<string, never>>>;
  fail(
    fence: Fence,
    args: { code: JobErrorCode; message: string; retryable: boolean },
  ): Promise<Fenced<{ status: "queued" | "failed"; runAt?: number }>>;
  confirmCanceled(fence: Fence): Promise<Fenced<Record<string, never>>>;
  release(fence: Fence): Promise<Fenced<{ status: "queued" | "canceled" }>>;
  isConnected(): boolean;
  close(): Promise<void>;
}

/** Thrown inside a job when Convex refused a fenced write: this attempt no longer owns the job. */
export class LeaseLostError extends Error {
  readonly reason: string;
  constructor(refusal: Refusal) {
    super(`Convex refused the write (${refusal.reason}): ${refusal.message}`);
    this.name = "LeaseLostError";
    this.reason = refusal.reason;
  }
}

/** The value of a fenced result, or LeaseLostError. */
export function accepted<T>(result: Fenced<T>): { ok: true } & T {
  if (!result.ok) throw new LeaseLostError(result as Refusal);
  return result as { ok: true } & T;
}
