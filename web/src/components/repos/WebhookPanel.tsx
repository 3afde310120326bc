"use client";
/**
 * Refresh on push for a repository (webhooks.settings / enable / disable): off, or on
 * with the payload URL to paste into the git host and the last delivery and what it did. Turning it
 * on (or asking for a new secret) shows the secret once, with a Copy button: it is never
 * readable again, only replaced.
 */
import { useId, useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { formatDateTime } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { MessageKey } from "@/lib/i18n/index.ts";
import "./webhooks.css";

export interface WebhookSettingsView {
  enabled: boolean;
  url: string;
  lastDelivery: null | { deliveryId: string; event: string; at: number; outcome: string };
}

export interface WebhookPanelProps {
  /** null: never turned on; undefined: loading. */
  settings: WebhookSettingsView | null | undefined;
  /** GitHub's settings page is named; for a repository added by URL, the protocol is. */
  onGithub: boolean;
  onEnable: () => Promise<{ url: string; secret: string }>;
  onDisable: () => Promise<unknown>;
}

const OUTCOMES = new Set([
  "not_found",
  "secret_replaced",
  "already_processed",
  "ping",
  "ignored_event",
  "ignored_branch",
  "ignored_deleted",
  "queued",
  "joined",
  "after",
  "running_at_commit",
  "up_to_date",
  "limit_reached",
  "model_not_allowed",
]);

/** A delivery's outcome in words (an unknown one as it came). */
export function outcomeText(t: (key: MessageKey) => string, outcome: string): string {
  return OUTCOMES.has(outcome) ? t(`webhook.outcome.${outcome}` as MessageKey) : outcome;
}

function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const { t } = useI18n();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <div className="webhook-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      <button
        type="button"
        className="button-secondary"
        aria-label={t("webhook.copyWhat", { what: label })}
        onClick={() =>
          void navigator.clipboard.writeText(value).then(
            () => setCopy("copied"),
            () => setCopy("failed"),
          )
        }
      >
        {t("webhook.copy")}
      </button>
      <span role="status" className="webhook-copy-status">
        {copy === "copied" ? t("webhook.copied") : copy === "failed" ? t("webhook.copyFailed") : ""}
      </span>
    </div>
  );
}

export function WebhookPanel({ settings, onGithub, onEnable, onDisable }: WebhookPanelProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Shown once: kept in this component only, gone on reload or when turned off.
  const [secret, setSecret] = useState<string | null>(null);
  if (settings === undefined) return null;
  const on = settings?.enabled === true;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(errorMessage(t, error, locale));
    } finally {
      setBusy(false);
    }
  }
  const enable = () => run(async () => setSecret((await onEnable()).secret));
  const disable = () =>
    run(async () => {
      await onDisable();
      setSecret(null);
    });

  const last = settings?.lastDelivery ?? null;
  return (
    <section className="webhook-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("webhook.title")}</h2>
      <p>{on ? t("webhook.on") : t("webhook.off")}</p>
      {on && settings && (
        <>
          <CopyField id={`${id}-url`} label={t("webhook.url")} value={settings.url} />
          {secret && (
            <div className="notice webhook-secret">
              <CopyField id={`${id}-secret`} label={t("webhook.secret")} value={secret} />
              <p>{t("webhook.secretOnce")}</p>
            </div>
          )}
          <p className="muted">{t(onGithub ? "webhook.howTo" : "webhook.howToOther")}</p>
          <p data-testid="webhook-last-delivery">
            {last
              ? t("webhook.lastDelivery", {
                  date: formatDateTime(last.at, locale),
                  event: last.event,
                  outcome: outcomeText(t, last.outcome),
                })
              : t("webhook.noDelivery")}
          </p>
        </>
      )}
      <div className="webhook-actions">
        {on ? (
          <>
            <button type="button" disabled={busy} onClick={() => void enable()}>
              {t("webhook.newSecret")}
            </button>
            <button
              type="button"
              className="button-secondary"
              disabled={busy}
              onClick={() => void disable()}
            >
              {t("webhook.turnOff")}
            </button>
          </>
        ) : (
          <button type="button" disabled={busy} onClick={() => void enable()}>
            {t("webhook.turnOn")}
          </button>
        )}
      </div>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </section>
  );
}
