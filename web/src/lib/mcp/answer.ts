/**
 * Waiting for the worker's answer to a question asked over MCP (server.ts, tool `ask`):
 * a Convex subscription to mcpAccess.question until the question is answered, failed or
 * canceled, the agent gives up (abort signal), or `timeoutMs` passes. Each growth of the
 * answer is reported to `onText`, so the agent can see it stream.
 */
import { api } from "@convex/_generated/api";
import { ConvexClient } from "convex/browser";
import type { FunctionReturnType } from "convex/server";
import { ToolError, toToolError } from "./backend.ts";

export type QuestionState = FunctionReturnType<typeof api.mcpAccess.question>;

const FINISHED = new Set<QuestionState["status"]>(["answered", "failed", "canceled"]);

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onText?: (answerSoFar: string) => void;
}

export async function waitForAnswer(
  convexUrl: string,
  token: string,
  questionId: string,
  { timeoutMs, signal, onText }: WaitOptions,
): Promise<QuestionState> {
  if (signal?.aborted) throw new ToolError("The request was canceled.", "canceled");
  const client = new ConvexClient(convexUrl);
  let last: QuestionState | undefined;
  try {
    return await new Promise<QuestionState>((resolve, reject) => {
      const timer = setTimeout(() => {
        const status = last?.status ?? "queued";
        reject(
          new ToolError(
            `No answer after ${Math.round(timeoutMs / 1000)} s (the question is ${status}): the answering worker may be busy or offline. The question stays in Fondation (question id ${questionId}); its answer will appear in the course's Ask panel.`,
            "timeout",
          ),
        );
      }, timeoutMs);
      const stop = (finish: () => void) => {
        clearTimeout(timer);
        unsubscribe();
        finish();
      };
      signal?.addEventListener("abort", () =>
        stop(() => reject(new ToolError("The request was canceled.", "canceled"))),
      );
      const unsubscribe = client.onUpdate(
        api.mcpAccess.question,
        { token, questionId },
        (state) => {
          if (state.answer !== (last?.answer ?? "")) onText?.(state.answer);
          last = state;
          if (FINISHED.has(state.status)) stop(() => resolve(state));
        },
        (error) => {
          stop(() => {
            try {
              reject(toToolError(error));
            } catch (other) {
              reject(other);
            }
          });
        },
      );
    });
  } finally {
    await client.close();
  }
}
