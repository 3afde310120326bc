/**
 * WorkerBackend over the real ConvexClient (WebSocket): subscriptions with onUpdate,
 * mutations and one-shot queries on convex/workerApi.ts. Function references are built by
 * name so the worker does not compile the Convex sources; the end-to-end tests check the
 * names and shapes against the real functions. The secret is added here and nowhere else.
 */
import { ConvexClient } from "convex/browser";
import { type FunctionReference, makeFunctionReference } from "convex/server";
import WebSocket from "ws";
import type { Logger } from "../logger.ts";
import type { QuestionBackend } from "../questions/backend.ts";
import { convexQuestions } from "../questions/convexQuestions.ts";
import type { WorkerBackend } from "./backend.ts";

// biome-ignore lint/suspicious/noExplicitAny: the shapes are declared by WorkerBackend.
type Any = any;
const q = (name: string) => makeFunctionReference<"query", Any, Any>(`workerApi:${name}`);
const m = (name: string) => makeFunctionReference<"mutation", Any, Any>(`workerApi:${name}`);

const previous = (name: string) =>
  makeFunctionReference<"query", Any, Any>(`workerPrevious:${name}`);

const fns = {
  previousCourse: previous("manifest"),
  previousCourseParts: previous("parts"),
  claimable: q("claimable"),
  watchRunning: q("watchRunning"),
  loadCheckpoint: q("loadCheckpoint"),
  announce: m("announce"),
  claim: m("claim"),
  heartbeat: m("heartbeat"),
  reportCommit: m("reportCommit"),
  appendEvents: m("appendEvents"),
  saveCheckpoint: m("saveCheckpoint"),
  beginPublish: m("beginPublish"),
  addLessonPart: m("addLessonPart"),
  addSourceParts: m("addSourceParts"),
  completePublish: m("completePublish"),
  fail: m("fail"),
  confirmCanceled: m("confirmCanceled"),
  release: m("release"),
} satisfies Record<string, FunctionReference<"query" | "mutation">>;

export interface ConvexBackendOptions {
  url: string;
  secret: string;
  workerId: string;
  /** How many queue rows the claimable subscription returns. */
  claimableLimit?: number;
  onConnectionChange?: (connected: boolean) => void;
  /** Where the Convex client's own messages go (never the console: stdout is JSON logs). */
  logger?: Logger;
}

/** The job functions, and the question functions over the same connection. */
export type ConvexWorkerBackend = WorkerBackend & { questions: QuestionBackend };

export function createConvexBackend(options: ConvexBackendOptions): ConvexWorkerBackend {
  const log = options.logger;
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  const client = new ConvexClient(options.url, {
    unsavedChangesWarning: false,
    // Not Node 22's built-in WebSocket: when a connection attempt is refused it fires
    // `error` but never `close`, and the Convex client, which reconnects on `close`, then
    // waits forever (a worker that lost Convex for longer than one retry never came back).
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    logger: log
      ? {
          logVerbose: (...args: unknown[]) => log.debug({ convex: true }, text(args)),
          log: (...args: unknown[]) => log.info({ convex: true }, text(args)),
          warn: (...args: unknown[]) => log.warn({ convex: true }, text(args)),
          error: (...args: unknown[]) => log.error({ convex: true }, text(args)),
        }
      : false,
  });
  const { secret, workerId } = options;
  let connected = false;
  const unsubscribeState = client.subscribeToConnectionState((state) => {
    const now = state.isWebSocketConnected;
    if (now !== connected) {
      connected = now;
      options.onConnectionChange?.(now);
    }
  });
  const fenced = (fence: { jobId: string; attempt: number }) => ({ secret, workerId, ...fence });

  return {
    workerId,
    questions: convexQuestions(client, secret, workerId),
    watchClaimable(onRows, onError) {
      const unsubscribe = client.onUpdate(
        fns.claimable,
        { secret, limit: options.claimableLimit ?? 20 },
        onRows,
        onError,
      );
      return () => unsubscribe();
    },
    watchRunning(onRows, onError) {
      const unsubscribe = client.onUpdate(fns.watchRunning, { secret, workerId }, onRows, onError);
      return () => unsubscribe();
    },
    announce: (offline) => client.mutation(fns.announce, { secret, workerId, offline }),
    claim: (jobId, leaseMs) => client.mutation(fns.claim, { secret, jobId, workerId, leaseMs }),
    heartbeat: (fence, args) => client.mutation(fns.heartbeat, { ...fenced(fence), ...args }),
    reportCommit: (fence, args) => client.mutation(fns.reportCommit, { ...fenced(fence), ...args }),
    appendEvents: (fence, events, progress) =>
      client.mutation(fns.appendEvents, {
        ...fenced(fence),
        events,
        ...(progress ? { progress } : {}),
      }),
    saveCheckpoint: (fence, args) =>
      client.mutation(fns.saveCheckpoint, { ...fenced(fence), ...args }),
    loadCheckpoint: (fence, args) =>
      client.query(fns.loadCheckpoint, { ...fenced(fence), ...args }),
    previousCourse: (fence) => client.query(fns.previousCourse, fenced(fence)),
    previousCourseParts: (fence, args) =>
      client.query(fns.previousCourseParts, { ...fenced(fence), ...args }),
    beginPublish: (fence, args) => client.mutation(fns.beginPublish, { ...fenced(fence), ...args }),
    addLessonPart: (fence, args) =>
      client.mutation(fns.addLessonPart, { ...fenced(fence), ...args }),
    addSourceParts: (fence, args) =>
      client.mutation(fns.addSourceParts, { ...fenced(fence), ...args }),
    completePublish: (fence, args) =>
      client.mutation(fns.completePublish, { ...fenced(fence), ...args }),
    fail: (fence, args) => client.mutation(fns.fail, { ...fenced(fence), ...args }),
    confirmCanceled: (fence) => client.mutation(fns.confirmCanceled, fenced(fence)),
    release: (fence) => client.mutation(fns.release, fenced(fence)),
    isConnected: () => connected,
    async close() {
      unsubscribeState();
      await client.close();
    },
  };
}
