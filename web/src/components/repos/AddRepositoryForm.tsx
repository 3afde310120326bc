"use client";
/**
 * "Add a repository by URL": the server checks the URL and says what is wrong with it.
 * With `allowLocalPath` (local mode only) an absolute path of a git repository on this
 * machine is accepted too and sent as a file:// URL, once `checkLocalPath` says it is a git
 * repository (a wrong path is said at once, not after three failed clones).
 */
import { type FormEvent, useId, useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { MessageKey } from "@/lib/i18n/index.ts";
import type { LocalRepositoryStatus } from "@/lib/localRepository.ts";
import { isLocalPath, repositoryUrlFromInput } from "@/lib/repoInput.ts";

export function AddRepositoryForm({
  onAdd,
  allowLocalPath = false,
  checkLocalPath,
}: {
  onAdd: (url: string) => Promise<unknown>;
  allowLocalPath?: boolean;
  checkLocalPath?: (path: string) => Promise<LocalRepositoryStatus>;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      const path = url.trim();
      if (allowLocalPath && checkLocalPath && isLocalPath(path)) {
        const status = await checkLocalPath(path);
        if (status !== "ok") {
          setResult({ ok: false, text: t(`add.local.${status}` as MessageKey, { path }) });
          return;
        }
      }
      await onAdd(repositoryUrlFromInput(url, { allowLocalPath }));
      setUrl("");
      setResult({ ok: true, text: t("add.added") });
    } catch (error) {
      setResult({ ok: false, text: t("add.failed", { message: errorMessage(t, error, locale) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-repo" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("add.title")}</h2>
      <div className="field-row">
        <label htmlFor={id} className="visually-hidden">
          {t(allowLocalPath ? "add.urlOrPath" : "add.url")}
        </label>
        <input
          id={id}
          // A path is not a URL: the browser's own URL check would refuse it.
          type={allowLocalPath ? "text" : "url"}
          required
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          placeholder={t(allowLocalPath ? "add.placeholderLocal" : "add.placeholder")}
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
