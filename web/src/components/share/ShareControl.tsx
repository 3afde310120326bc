"use client";
/**
 * The owner's sharing panel in the reader: private or shared by link (unlisted), one button
 * to switch, and while shared the link in a read-only field with a Copy button. Sharing
 * again after making it private gives a new link; the old one stays dead (courses.setSharing).
 * A switch lets the link's readers ask the course questions (courses.setAllowQuestions).
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useMutation, useQuery } from "convex/react";
import { useId, useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { shareUrl } from "@/lib/shareLink.ts";
import "./share.css";

type Copy = "idle" | "copied" | "failed";

export function ShareControl({ courseId }: { courseId: Id<"courses"> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const sharing = useQuery(api.courses.sharing, { courseId });
  const setSharing = useMutation(api.courses.setSharing);
  const setAllowQuestions = useMutation(api.courses.setAllowQuestions);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [copy, setCopy] = useState<Copy>("idle");
  if (sharing === undefined) return null;
  const key = sharing.shareKey;
  const url = key ? shareUrl(window.location.origin, courseId, key) : null;

  async function toggle() {
    setBusy(true);
    setFailure(null);
    setCopy("idle");
    try {
      await setSharing({ courseId, shared: key === null });
    } catch (error) {
      setFailure(errorMessage(t, error, locale));
    } finally {
      setBusy(false);
    }
  }

  async function allowQuestions(allow: boolean) {
    setBusy(true);
    setFailure(null);
    try {
      await setAllowQuestions({ courseId, allow });
    } catch (error) {
      setFailure(errorMessage(t, error, locale));
    } finally {
      setBusy(false);
    }
  }

  async function copyLink(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <section className="share-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="sidebar-heading">
        {t("share.title")}
      </h2>
      <p className="share-state">{url ? t("share.shared") : t("share.private")}</p>
      <button
        type="button"
        className={url ? "button-secondary" : undefined}
        disabled={busy}
        onClick={() => void toggle()}
      >
        {busy ? t("share.working") : url ? t("share.turnOff") : t("share.turnOn")}
      </button>
      {url && (
        <div className="share-link">
          <label htmlFor={`${id}-link`}>{t("share.link")}</label>
          <input id={`${id}-link`} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button-secondary" onClick={() => void copyLink(url)}>
            {t("share.copy")}
          </button>
        </div>
      )}
      <label className="share-questions">
        <input
          type="checkbox"
          checked={sharing.allowQuestions}
          disabled={busy}
          onChange={(e) => void allowQuestions(e.currentTarget.checked)}
        />{" "}
        {t("share.allowQuestions")}
      </label>
      <p role="status" className="share-status">
        {copy === "copied" ? t("share.copied") : copy === "failed" ? t("share.copyFailed") : ""}
      </p>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </section>
  );
}
