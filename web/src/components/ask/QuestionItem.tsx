"use client";
/**
 * One question of a thread and its answer as far as the worker has written it: rendered
 * like a lesson (inline `path:start-end` citations and Mermaid included), its state while
 * it is not answered yet (with Cancel), the server's reason when it failed, the cited lines
 * as links to the source viewer, and a label when no model wrote it.
 */
import Link from "next/link";
import { useId, useState } from "react";
import { answerFailureText } from "@/lib/askErrors.ts";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { type SourceLinkContext, sourceHref } from "@/lib/sourceLinks.ts";
import type { QuestionView } from "@/lib/types.ts";
import { Markdown } from "../course/Markdown.tsx";

export function QuestionItem({
  question: q,
  sources,
  onCancel,
}: {
  question: QuestionView;
  sources: SourceLinkContext;
  onCancel: (questionId: string) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [canceling, setCanceling] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const open = q.status === "queued" || q.status === "answering";

  async function cancel() {
    setCanceling(true);
    setFailure(null);
    try {
      await onCancel(q._id);
    } catch (error) {
      setFailure(errorMessage(t, error, locale));
    } finally {
      setCanceling(false);
    }
  }

  return (
    <li className="ask-item" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`} className="ask-question">
        {q.question}
      </p>
      {q.writtenBy === "retrieval" && <p className="ask-retrieval">{t("ask.retrieval")}</p>}
      {/* Announced as it grows, politely: a reader using a screen reader hears the answer. */}
      <div className="ask-answer" aria-live="polite" aria-busy={open}>
        {q.answer && <Markdown sources={sources}>{q.answer}</Markdown>}
        {q.status === "queued" && <p className="muted">{t("ask.queued")}</p>}
        {q.status === "answering" && <p className="muted">{t("ask.writing")}</p>}
        {q.status === "canceled" && <p className="muted">{t("ask.canceled")}</p>}
        {q.status === "failed" && (
          <p className="error">{t("ask.failed", { message: answerFailureText(t, q.error) })}</p>
        )}
      </div>
      {q.citations.length > 0 && (
        <nav className="ask-sources" aria-label={t("ask.sources")}>
          <ul>
            {q.citations.map((c) => {
              const label =
                c.start === c.end ? `${c.path}:${c.start}` : `${c.path}:${c.start}-${c.end}`;
              const href = sourceHref(sources, c.path, { start: c.start, end: c.end });
              return (
                <li key={label}>
                  {href ? (
                    <Link href={href} className="citation-link">
                      <code>{label}</code>
                    </Link>
                  ) : (
                    <code>{label}</code>
                  )}
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      {open && (
        <button
          type="button"
          className="button-secondary"
          disabled={canceling}
          onClick={() => void cancel()}
        >
          {t("ask.cancel")}
        </button>
      )}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </li>
  );
}
