/**
 * What the web app's components receive. They mirror the Convex views
 * (convex/lib/views.ts) structurally, with ids as plain strings, so components can be
 * tested without a backend; pages pass Convex query results straight in.
 */
import type {
  Citation,
  CourseLanguage,
  CourseUpdate,
  JobError,
  JobProgress,
  JobStatus,
  Usage,
} from "@fondation/shared";

export interface JobView {
  _id: string;
  _creationTime: number;
  repositoryId: string;
  options: { language: CourseLanguage; model: string };
  status: JobStatus;
  attempt: number;
  maxAttempts: number;
  runAt: number;
  cancelRequested: boolean;
  progress?: JobProgress;
  commit?: string;
  /** The worker runs without a model key: the course is written offline (known after the clone). */
  offline?: boolean;
  error?: JobError;
  usage?: Usage;
  courseId?: string;
  /** The job ended without a run: its commit already had `courseId` (same options). */
  upToDate?: boolean;
  retryOf?: string;
  eventCount: number;
  eventsTruncated: boolean;
  startedAt?: number;
  finishedAt?: number;
  updatedAt: number;
}

export interface JobEventView {
  seq: number;
  ts: number;
  kind: string;
  level: "debug" | "info" | "warn" | "error";
  message: string;
  data?: unknown;
}

export interface RepositoryView {
  _id: string;
  _creationTime: number;
  source: "github" | "url";
  url: string;
  host: string;
  github?: { owner: string; name: string };
  name: string;
  defaultBranch?: string;
  private: boolean;
  latestCourseId?: string;
  updatedAt: number;
}

export interface CourseSummaryView {
  _id: string;
  _creationTime: number;
  jobId: string;
  title: string;
  summary: string;
  language: string;
  model: string | null;
  commit?: string;
  lessonCount: number;
  usage?: Usage;
  completedAt?: number;
}

export interface LessonView {
  order: number;
  kind: "chapter" | "tutorial";
  slug: string;
  title: string;
  abstraction?: string;
  citations: Citation[];
  prev: string | null;
  next: string | null;
}

/** A repository in the owner's lists: with its latest complete course and its active job. */
export interface RepositoryItem extends RepositoryView {
  latestCourse: CourseSummaryView | null;
  activeJob: JobView | null;
}

/** What a refresh changed since the version it was made from (courses.changes). */
export interface CourseChangesView extends CourseUpdate {
  /** The previous version (the owner only). */
  fromCourseId?: string;
}

/** A question asked of a course with its answer so far (convex/lib/questionViews.ts). */
export interface QuestionView {
  _id: string;
  threadId: string;
  question: string;
  status: "queued" | "answering" | "answered" | "failed" | "canceled";
  /** Grows while the worker streams it in. */
  answer: string;
  citations: { path: string; start: number; end: number }[];
  /** "retrieval": passages found offline, no model wrote it (labelled as such). */
  writtenBy?: "model" | "retrieval";
  error?: { code: string; message: string };
  createdAt: number;
}

/** Whether the caller may ask (questions.canAsk), and why not. */
export interface AskAccess {
  canAsk: boolean;
  reason: "sign_in" | "not_allowed" | null;
}
