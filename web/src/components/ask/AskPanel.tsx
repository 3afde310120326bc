"use client";
/**
 * The Ask panel of the reader, over convex/questions.ts: whether the reader may ask
 * (canAsk), the open thread live (thread: the answer grows as the worker streams it), the
 * reader's history on the course, ask and cancel. The open thread is kept for the tab's
 * session so moving to another lesson keeps the conversation.
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useMutation, useQuery } from "convex/react";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { signInHref } from "@/lib/redirect.ts";
import { AskBox } from "./AskBox.tsx";

const storageKey = (courseId: string) => `fondation.ask.${courseId}`;

export function AskPanel({
  courseId,
  share,
  from,
}: {
  courseId: Id<"courses">;
  share: string | undefined;
  /** The lesson the panel is on: the source viewer's way back. */
  from: string | undefined;
}) {
  const shareArgs = share ? { share } : {};
  const access = useQuery(api.questions.canAsk, { courseId, ...shareArgs });
  const [threadId, setThreadId] = useOpenThread(courseId);
  const allowed = access?.canAsk === true;
  const history = useQuery(api.questions.listForCourse, allowed ? { courseId } : "skip");
  // A thread remembered from earlier is opened only if it is still the reader's (it may have
  // been deleted): else thread would throw and hide the panel.
  const known = history === undefined ? undefined : history.some((q) => q.threadId === threadId);
  const openId = known === false ? null : threadId;
  const thread = useQuery(
    api.questions.thread,
    allowed && openId && known ? { threadId: openId as Id<"questions"> } : "skip",
  );
  const ask = useMutation(api.questions.ask);
  const cancel = useMutation(api.questions.cancel);
  const pathname = usePathname();
  const search = useSearchParams();
  const here = `${pathname}${search.size ? `?${search.toString()}` : ""}`;

  return (
    <AskBox
      access={access}
      thread={thread}
      threadId={openId}
      history={history}
      sources={{ courseId, ...(from ? { from } : {}), share: share ?? null }}
      signInHref={signInHref(here)}
      onAsk={async (question) => {
        const asked = await ask({
          courseId,
          question,
          ...(openId ? { threadId: openId as Id<"questions"> } : {}),
          ...shareArgs,
        });
        setThreadId(asked.threadId);
      }}
      onCancel={async (questionId) => {
        await cancel({ questionId: questionId as Id<"questions"> });
      }}
      onOpen={setThreadId}
    />
  );
}

/** The open thread's id, remembered per course for the tab's session. */
function useOpenThread(courseId: string): [string | null, (id: string | null) => void] {
  const [threadId, setState] = useState<string | null>(null);
  useEffect(() => {
    setState(readStored(courseId));
  }, [courseId]);
  const set = useCallback(
    (id: string | null) => {
      setState(id);
      try {
        if (id) sessionStorage.setItem(storageKey(courseId), id);
        else sessionStorage.removeItem(storageKey(courseId));
      } catch {
        // Storage refused (private mode): the thread stays open until the page changes.
      }
    },
    [courseId],
  );
  return [threadId, set];
}

function readStored(courseId: string): string | null {
  try {
    return sessionStorage.getItem(storageKey(courseId));
  } catch {
    return null;
  }
}
