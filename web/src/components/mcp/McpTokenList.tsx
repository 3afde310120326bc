"use client";
/**
 * The user's MCP tokens (mcpTokens.list): name, visible start, created, last used; a live
 * one is revoked after a confirmation (mcpTokens.revoke), and agents using it are refused
 * from their next request.
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useMutation, useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

type Token = FunctionReturnType<typeof api.mcpTokens.list>[number];

export function McpTokenList() {
  const { t } = useI18n();
  const tokens = useQuery(api.mcpTokens.list);
  if (tokens === undefined) {
    return (
      <p className="muted" role="status">
        {t("common.loading")}
      </p>
    );
  }
  return (
    <section className="mcp-list" aria-labelledby="mcp-list-title">
      <h2 id="mcp-list-title">{t("mcp.list.title")}</h2>
      {tokens.length === 0 ? (
        <p className="muted">{t("mcp.list.empty")}</p>
      ) : (
        <ul>
          {tokens.map((token) => (
            <TokenItem key={token._id} token={token} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TokenItem({ token }: { token: Token }) {
  const { t, locale } = useI18n();
  const revoke = useMutation(api.mcpTokens.revoke);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function confirmRevoke(tokenId: Id<"mcpTokens">) {
    setBusy(true);
    setFailure(null);
    try {
      await revoke({ tokenId });
      setConfirming(false);
    } catch (error) {
      setFailure(errorMessage(t, error, locale));
    } finally {
      setBusy(false);
    }
  }

  const revoked = token.revokedAt !== undefined;
  return (
    <li className={revoked ? "mcp-token revoked" : "mcp-token"}>
      <div className="mcp-token-head">
        <strong>{token.name}</strong> <code>{token.prefix}…</code>{" "}
        <span className="muted">
          {token.scopes.includes("ask") ? t("mcp.list.scopeAsk") : t("mcp.list.scopeRead")}
        </span>
      </div>
      <p className="muted mcp-token-dates">
        {t("mcp.list.created", { date: formatDateTime(token.createdAt, locale) })} ·{" "}
        {token.lastUsedAt === undefined
          ? t("mcp.list.neverUsed")
          : t("mcp.list.lastUsed", { date: formatDateTime(token.lastUsedAt, locale) })}
        {token.revokedAt !== undefined &&
          ` · ${t("mcp.list.revoked", { date: formatDateTime(token.revokedAt, locale) })}`}
      </p>
      {!revoked &&
        (confirming ? (
          <fieldset className="mcp-confirm">
            <legend>{t("mcp.list.confirm", { name: token.name })}</legend>
            <button type="button" disabled={busy} onClick={() => void confirmRevoke(token._id)}>
              {busy ? t("mcp.list.revoking") : t("mcp.list.confirmYes")}
            </button>{" "}
            <button
              type="button"
              className="button-secondary"
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              {t("mcp.list.confirmNo")}
            </button>
          </fieldset>
        ) : (
          <button
            type="button"
            className="button-secondary"
            aria-label={t("mcp.list.revokeNamed", { name: token.name })}
            onClick={() => setConfirming(true)}
          >
            {t("mcp.list.revoke")}
          </button>
        ))}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </li>
  );
}
