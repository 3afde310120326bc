"use client";
/**
 * The repository page's Refresh: brings the latest course to the branch's newest commit,
 * rewriting only the lessons whose files changed (refresh.request). An active job carries
 * the refresh instead of a second one (`created` false): the job page says so.
 */
import { useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

export function RefreshButton({ onRefresh }: { onRefresh: () => Promise<unknown> }) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function refresh() {
    setBusy(true);
    setFailure(null);
    try {
      await onRefresh();
    } catch (error) {
      setFailure(errorMessage(t, error, locale));
      setBusy(false);
    }
  }

  return (
    <div className="refresh">
      <button type="button" disabled={busy} onClick={() => void refresh()}>
        {busy ? t("refresh.working") : t("refresh.button")}
      </button>
      <p className="muted refresh-hint">{t("refresh.hint")}</p>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </div>
  );
}
