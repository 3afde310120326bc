"use client";
/**
 * Creating an MCP token (mcpTokens.create): a name, whether the token may ask questions,
 * then the token shown once, with the MCP URL and a client configuration to copy. Only
 * its hash is stored: leaving the page loses it (a new one can be made any time).
 */
import { api } from "@convex/_generated/api";
import { useMutation } from "convex/react";
import { useId, useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { mcpConfigSnippet, mcpUrl } from "@/lib/mcpConfig.ts";

type Copy = "idle" | "copied" | "failed";

export function NewMcpToken() {
  const { t, locale } = useI18n();
  const id = useId();
  const create = useMutation(api.mcpTokens.create);
  const [name, setName] = useState("");
  const [canAsk, setCanAsk] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [copy, setCopy] = useState<Copy>("idle");
  const url = mcpUrl(window.location.origin);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setCopy("idle");
    try {
      const scopes = canAsk ? (["read", "ask"] as const) : (["read"] as const);
      const result = await create({ name, scopes: [...scopes] });
      setCreated({ token: result.token, name: name.trim() });
      setName("");
    } catch (error) {
      setFailure(errorMessage(t, error, locale));
    } finally {
      setBusy(false);
    }
  }

  async function copyText(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <section className="mcp-new" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("mcp.create.title")}</h2>
      <form onSubmit={(e) => void submit(e)} className="mcp-form">
        <label htmlFor={`${id}-name`}>{t("mcp.create.name")}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={60}
          required
          placeholder={t("mcp.create.namePlaceholder")}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <label className="mcp-scope">
          <input
            type="checkbox"
            checked={canAsk}
            onChange={(e) => setCanAsk(e.currentTarget.checked)}
          />{" "}
          {t("mcp.create.canAsk")}
        </label>
        <button type="submit" disabled={busy || name.trim() === ""}>
          {busy ? t("mcp.create.working") : t("mcp.create.submit")}
        </button>
      </form>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {created && (
        <section className="mcp-created" aria-labelledby={`${id}-created`}>
          <h3 id={`${id}-created`}>{t("mcp.created.title", { name: created.name })}</h3>
          <p>{t("mcp.created.once")}</p>
          <label htmlFor={`${id}-token`}>{t("mcp.created.token")}</label>
          <input
            id={`${id}-token`}
            readOnly
            value={created.token}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            className="button-secondary"
            onClick={() => void copyText(created.token)}
          >
            {t("mcp.created.copyToken")}
          </button>
          <label htmlFor={`${id}-url`}>{t("mcp.created.url")}</label>
          <input id={`${id}-url`} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <p>{t("mcp.created.configHint")}</p>
          <label htmlFor={`${id}-config`}>{t("mcp.created.config")}</label>
          <textarea
            id={`${id}-config`}
            className="mcp-snippet"
            readOnly
            rows={mcpConfigSnippet(url, created.token).split("\n").length + 1}
            wrap="off"
            value={mcpConfigSnippet(url, created.token)}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            className="button-secondary"
            onClick={() => void copyText(mcpConfigSnippet(url, created.token))}
          >
            {t("mcp.created.copyConfig")}
          </button>
          <p role="status" className="mcp-status">
            {copy === "copied"
              ? t("mcp.created.copied")
              : copy === "failed"
                ? t("mcp.created.copyFailed")
                : ""}
          </p>
        </section>
      )}
    </section>
  );
}
