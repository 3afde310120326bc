/**
 * Answers one claimed question: the course folder (from the cache, written once per course),
 * the CLI's ask library on it (a follow-up with its thread's earlier answered exchanges), the text streamed into Convex as it comes, then finish with
 * the answer's checked citations, who wrote it and its usage — or fail with a code and a
 * sentence. The CLI library runs in the worker's process rather than as a `fondation ask`
 * child: the course stays opened in memory between questions (a child would rebuild the
 * code map and index each time) and the model's text streams through `onText`; an answer
 * reads only the course folder, with no repository code run and a bounded context, so a
 * job's process isolation buys little here.
 *
 * The repository it answers from is the course folder's `sources/`: the files the course
 * cites, stored at publish. Files the course does not cite are not searched in the app.
 */
import { askCourse, type ThreadTurn } from "@fondation/cli/ask";
import type { Logger } from "../logger.ts";
import { LeaseLostError } from "../runner/backend.ts";
import { AnswerStream, DEFAULT_STREAM } from "./answerStream.ts";
import type { ClaimedQuestion, QuestionBackend, QuestionFence } from "./backend.ts";
import type { CourseCache } from "./courseCache.ts";
import { courseWriter } from "./courseFolder.ts";
import { AnswerError, failureOf } from "./errors.ts";
import { finalText, finishArgs, MAX_ANSWER_CHARS } from "./finalAnswer.ts";

export interface AnswerDeps {
  backend: QuestionBackend;
  cache: CourseCache;
  logger: Logger;
  redact: (text: string) => string;
  apiKey: string | undefined;
  baseURL: string | undefined;
  /** Bytes a course folder may take. */
  maxCourseBytes: number;
  stream?: Partial<typeof DEFAULT_STREAM>;
}

/** How an answer ended, for the slot's counters and the tests. */
export type AnswerEnd = "answered" | "failed" | "stopped";

/**
 * `stop` aborts it: `cancel` (the asker canceled or the lease moved on: nothing more is
 * written) or `shutdown` (reported as a retryable failure, so another worker answers it from
 * the start at once instead of after the lease).
 */
export async function answerQuestion(
  claimed: ClaimedQuestion,
  deps: AnswerDeps,
  stop: AbortSignal,
): Promise<AnswerEnd> {
  const fence: QuestionFence = { questionId: claimed.questionId, attempt: claimed.attempt };
  const log = deps.logger.child({ questionId: claimed.questionId, attempt: claimed.attempt });
  const model = new AbortController();
  const onStop = () => model.abort(stop.reason);
  stop.addEventListener("abort", onStop, { once: true });
  const stream = new AnswerStream((at, text) => deps.backend.appendAnswer(fence, { at, text }), {
    ...DEFAULT_STREAM,
    ...deps.stream,
    keepAliveMs: Math.max(1_000, Math.floor(claimed.leaseMs / 3)),
    onLost: (refusal) => model.abort(new LeaseLostError(refusal)),
  });
  const courseId = claimed.course.courseId;
  let held = false;
  try {
    const { opened } = await deps.cache.acquire(
      courseId,
      courseWriter(deps.backend, fence, claimed.repository, {
        maxBytes: deps.maxCourseBytes,
        signal: model.signal,
      }),
    );
    held = true;
    model.signal.throwIfAborted();
    let firstAttempt: number | null = null;
    let streamed = "";
    const answer = await askCourse(opened, claimed.question, {
      thread: earlierExchanges(claimed),
      ...(deps.apiKey ? { apiKey: deps.apiKey } : {}),
      ...(deps.baseURL ? { baseURL: deps.baseURL } : {}),
      signal: model.signal,
      onText: (delta, attempt) => {
        // A model call that starts over cannot take back what was streamed: the rest of the
        // answer then arrives whole at the end (finalAnswer.ts).
        firstAttempt ??= attempt;
        if (attempt !== firstAttempt || streamed.length + delta.length > MAX_ANSWER_CHARS) return;
        streamed += delta;
        stream.write(delta);
      },
    });
    model.signal.throwIfAborted();
    stream.write(finalText(answer, streamed).slice(streamed.length));
    await stream.end();
    if (stream.lost) return stopped(log, stream.lost.reason);
    if (stream.error) throw stream.error;
    const done = await deps.backend.finish(fence, finishArgs(answer));
    if (!done.ok) return stopped(log, done.reason);
    log.info(
      { writtenBy: answer.mode, chars: stream.sent, citations: answer.citations.length },
      "question answered",
    );
    return "answered";
  } catch (error) {
    stream.dispose();
    if (stream.lost) return stopped(log, stream.lost.reason);
    if (error instanceof LeaseLostError) return stopped(log, error.reason);
    if (stop.aborted && stop.reason !== "shutdown") return stopped(log, String(stop.reason));
    const failure = stop.aborted
      ? new AnswerError(
          "worker_shutdown",
          "The worker answering this question stopped; another one answers it now.",
          true,
        )
      : failureOf(error);
    if (!stop.aborted) log.warn({ err: error, code: failure.code }, "question failed");
    const told = await deps.backend
      .fail(fence, {
        code: failure.code,
        message: deps.redact(failure.message),
        retryable: failure.retryable,
      })
      .catch((err: unknown) => {
        log.warn({ err }, "could not report the failed question");
        return null;
      });
    return told?.ok ? "failed" : "stopped";
  } finally {
    stop.removeEventListener("abort", onStop);
    stream.dispose();
    if (held) deps.cache.release(courseId);
  }
}

/**
 * The thread's earlier exchanges that have an answer (a failed or canceled one says nothing
 * about the code); askCourse keeps the latest few and cuts them (cli/src/ask/thread.ts).
 */
function earlierExchanges(claimed: ClaimedQuestion): ThreadTurn[] {
  return claimed.thread
    .filter((turn) => turn.status === "answered")
    .map(({ question, answer }) => ({ question, answer }));
}

function stopped(log: Logger, reason: string): AnswerEnd {
  log.info({ reason }, "question stopped");
  return "stopped";
}
