"use client";
/**
 * The question box: a labelled textarea bounded to what the server accepts, with a counter;
 * Enter asks, Shift+Enter starts a new line. Disabled while a question is on its way, and
 * kept filled when the server refuses it so the reader can change it and ask again; the
 * refusal (too long, a full thread, a limit reached…) is said under the box, in the reader's language.
 */
import { type FormEvent, type KeyboardEvent, useId, useState } from "react";
import { askRefusalText } from "@/lib/askErrors.ts";
import { formatInteger } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

/** What questions.ask accepts (convex/lib/questionRules.ts MAX_QUESTION_CHARS). */
export const MAX_QUESTION_CHARS = 2_000;

export function AskForm({
  followUp,
  onAsk,
}: {
  /** A thread is open: the question is a follow-up. */
  followUp: boolean;
  /** Resolves when the question is queued; throws the server's refusal. */
  onAsk: (question: string) => Promise<void>;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const empty = text.trim() === "";

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (empty || sending) return;
    setSending(true);
    setFailure(null);
    try {
      await onAsk(text.trim());
      setText("");
    } catch (error) {
      setFailure(askRefusalText(t, error, locale));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Not while an input method is composing a character: Enter confirms it there.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void submit();
  }

  return (
    <form className="ask-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-q`}>{followUp ? t("ask.followUp") : t("ask.label")}</label>
      <textarea
        id={`${id}-q`}
        value={text}
        maxLength={MAX_QUESTION_CHARS}
        rows={3}
        placeholder={t("ask.placeholder")}
        aria-describedby={`${id}-hint ${id}-count`}
        disabled={sending}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="ask-form-row">
        <span id={`${id}-hint`} className="muted">
          {t("ask.hint")}
        </span>
        <span id={`${id}-count`} className="muted ask-counter">
          {t("ask.counter", {
            count: formatInteger(text.length, locale),
            max: formatInteger(MAX_QUESTION_CHARS, locale),
          })}
        </span>
        <button type="submit" disabled={empty || sending}>
          {sending ? t("ask.sending") : t("ask.submit")}
        </button>
      </div>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </form>
  );
}
