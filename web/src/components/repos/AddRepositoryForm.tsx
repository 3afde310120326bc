"use client";
/** "Add a repository by URL": the server checks the URL and says what is wrong with it. */
import { type FormEvent, useId, useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

export function AddRepositoryForm({ onAdd }: { onAdd: (url: string) => Promise<unknown> }) {
  const { t } = useI18n();
  const id = useId();
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      await onAdd(url.trim());
      setUrl("");
      setResult({ ok: true, text: t("add.added") });
    } catch (error) {
      setResult({ ok: false, text: t("add.failed", { message: errorMessage(t, error) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-repo" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("add.title")}</h2>
      <div className="field-row">
        <label htmlFor={id} className="visually-hidden">
          {t("add.url")}
        </label>
        <input
          id={id}
          type="url"
          required
          inputMode="url"
          placeholder={t("add.placeholder")}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          aria-describedby={result ? `${id}-result` : undefined}
          aria-invalid={result && !result.ok ? true : undefined}
        />
        <button type="submit" disabled={busy || url.trim() === ""}>
          {busy ? t("add.adding") : t("add.submit")}
        </button>
      </div>
      {result && (
        <p
          id={`${id}-result`}
          role={result.ok ? "status" : "alert"}
          className={result.ok ? "ok" : "error"}
        >
          {result.text}
        </p>
      )}
    </form>
  );
}
