"use client";
/**
 * The Ask panel's content, without Convex (AskPanel.tsx wires it): why the reader cannot ask
 * (signed out, or a shared link whose owner takes no questions), else the open thread with
 * each answer as it grows, the box for a first or a follow-up question, "New question", and
 * the reader's earlier threads on this course to reopen.
 */
import Link from "next/link";
import { useId } from "react";
import { formatInteger } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { SourceLinkContext } from "@/lib/sourceLinks.ts";
import type { AskAccess, QuestionView } from "@/lib/types.ts";
import { AskForm } from "./AskForm.tsx";
import { QuestionItem } from "./QuestionItem.tsx";
import "./ask.css";

export interface AskBoxProps {
  access: AskAccess | undefined;
  /** The open thread in the order asked; undefined while it loads. */
  thread: readonly QuestionView[] | undefined;
  threadId: string | null;
  /** The reader's questions on the course, newest first (follow-ups included). */
  history: readonly QuestionView[] | undefined;
  sources: SourceLinkContext;
  /** Where "Sign in" comes back to. */
  signInHref: string;
  onAsk: (question: string) => Promise<void>;
  onCancel: (questionId: string) => Promise<void>;
  /** Opens an earlier thread, or null for a new question. */
  onOpen: (threadId: string | null) => void;
}

export function AskBox(props: AskBoxProps) {
  const { t } = useI18n();
  const id = useId();
  const { access } = props;
  return (
    <section className="ask-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("ask.title")}</h2>
      {access === undefined ? (
        <p className="muted">{t("common.loading")}</p>
      ) : access.reason === "sign_in" ? (
        <p className="notice">
          <Link href={props.signInHref}>{t("ask.signIn")}</Link>
        </p>
      ) : !access.canAsk ? (
        <p className="notice">{t("ask.notAllowed")}</p>
      ) : (
        <AskThread {...props} />
      )}
    </section>
  );
}

function AskThread({ thread, threadId, history, sources, onAsk, onCancel, onOpen }: AskBoxProps) {
  const { t } = useI18n();
  const open = threadId !== null;
  return (
    <>
      {open && (
        <div className="ask-thread">
          <div className="ask-thread-head">
            <h3>{t("ask.thread")}</h3>
            <button type="button" className="button-secondary" onClick={() => onOpen(null)}>
              {t("ask.newQuestion")}
            </button>
          </div>
          {thread === undefined ? (
            <p className="muted">{t("common.loading")}</p>
          ) : (
            <ol className="ask-list">
              {thread.map((q) => (
                <QuestionItem key={q._id} question={q} sources={sources} onCancel={onCancel} />
              ))}
            </ol>
          )}
        </div>
      )}
      {/* A new box per thread: a half-written question does not follow into another. */}
      <AskForm key={threadId ?? "new"} followUp={open} onAsk={onAsk} />
      <AskHistory history={history} current={threadId} onOpen={onOpen} />
    </>
  );
}

/** Earlier threads: the first question of each, newest activity first. */
function AskHistory({
  history,
  current,
  onOpen,
}: {
  history: readonly QuestionView[] | undefined;
  current: string | null;
  onOpen: (threadId: string) => void;
}) {
  const { t, locale } = useI18n();
  const threads = threadsOf(history ?? []).filter((th) => th.threadId !== current);
  if (threads.length === 0) return null;
  return (
    <details className="ask-history">
      <summary>{t("ask.history")}</summary>
      <ul>
        {threads.map((th) => (
          <li key={th.threadId}>
            <button type="button" className="link-button" onClick={() => onOpen(th.threadId)}>
              {th.first}
            </button>
            {th.count > 1 && (
              <span className="muted">
                {" "}
                ·{" "}
                {th.count === 2
                  ? t("ask.oneFollowUp")
                  : t("ask.followUps", { count: formatInteger(th.count - 1, locale) })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Groups questions (newest first) by thread, naming each by its first question. */
export function threadsOf(questions: readonly QuestionView[]) {
  const byThread = new Map<string, { threadId: string; first: string; count: number }>();
  for (const q of questions) {
    const entry = byThread.get(q.threadId) ?? { threadId: q.threadId, first: q.question, count: 0 };
    entry.count += 1;
    // Newest first: the last one seen is the oldest, the thread's first question.
    entry.first = q.question;
    byThread.set(q.threadId, entry);
  }
  return [...byThread.values()];
}
