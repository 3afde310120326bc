"use client";
/** Export the course as a Markdown zip, built in the browser from each lesson's markdown. */
import { useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { buildCourseZip, type ExportInput, zipFileName } from "@/lib/exportZip.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

export function ExportButton({
  collect,
}: {
  /** Gathers the course and every lesson's markdown. */
  collect: () => Promise<ExportInput>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function exportZip() {
    setBusy(true);
    setFailure(null);
    try {
      const input = await collect();
      const bytes = buildCourseZip(input);
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/zip" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = zipFileName(input.repositoryName, input.course.language);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setFailure(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export">
      <button
        type="button"
        className="button-secondary"
        disabled={busy}
        onClick={() => void exportZip()}
      >
        {busy ? t("course.exporting") : t("course.export")}
      </button>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </div>
  );
}
