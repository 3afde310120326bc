"use client";
/**
 * Request a course: language and model, and before starting, what will happen — the
 * steps, the limits, the model's prices, and an estimate when one is available. With the
 * user's fair-use limits (quota.mine): only the models the operator offers, what is used
 * of each request limit, and a reached limit said in words with the button disabled.
 */
import {
  COURSE_LANGUAGES,
  type CourseLanguage,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MODEL,
  MAX_LESSONS_PER_COURSE,
  MODELS,
  type ModelId,
  type Usage,
} from "@fondation/shared";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { QuotaSummary } from "@/components/repos/QuotaSummary.tsx";
import { errorMessage } from "@/lib/errors.ts";
import { estimateFromUsage } from "@/lib/estimate.ts";
import { formatCost, formatTokens } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { LANGUAGE_NAMES } from "@/lib/languages.ts";
import {
  firstReached,
  modelList,
  type QuotaView,
  REQUEST_KINDS,
  reachedText,
} from "@/lib/quota.ts";

export interface RequestCourseFormProps {
  onRequest: (options: { language: CourseLanguage; model: ModelId }) => Promise<unknown>;
  /** Disabled while the repository has an active job. */
  activeJob?: boolean;
  /** Usage of this repository's last course, when there is one: the basis of the estimate. */
  previousUsage?: Usage | null;
  /** The user's limits and allowed models (quota.mine); undefined while loading. */
  quota?: QuotaView;
  /** Said above the button (the last request was already up to date). */
  children?: ReactNode;
  /**
   * What the workers write with (workers.mode): "offline" means no worker has a model key,
   * so no model is offered, nor prices: the course is written from the code map.
   */
  writer?: "model" | "offline" | "unknown";
}

export function RequestCourseForm({
  onRequest,
  activeJob = false,
  previousUsage = null,
  quota,
  children,
  writer = "unknown",
}: RequestCourseFormProps) {
  const offline = writer === "offline";
  const { t, locale } = useI18n();
  const id = useId();
  const [language, setLanguage] = useState<CourseLanguage>(locale === "fr" ? "fr" : "en");
  const [chosen, setModel] = useState<ModelId | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Until the limits load, only the default model (what a shared deployment offers).
  const allowed: readonly ModelId[] = quota?.models.allowed ?? [DEFAULT_MODEL];
  const models = MODELS.filter((m) => allowed.includes(m.id));
  const model: ModelId =
    chosen && allowed.includes(chosen) ? chosen : (quota?.models.preferred ?? DEFAULT_MODEL);
  const info = MODELS.find((m) => m.id === model) ?? MODELS[0];
  const reached = firstReached(quota?.lines, REQUEST_KINDS);
  const estimate = previousUsage ? estimateFromUsage(previousUsage, info.price) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await onRequest({ language, model });
    } catch (error) {
      setFailure(t("request.failed", { message: errorMessage(t, error, locale) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="request-course" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("request.title")}</h2>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={`${id}-language`}>{t("request.language")}</label>
          <select
            id={`${id}-language`}
            value={language}
            onChange={(e) => setLanguage(e.target.value as CourseLanguage)}
          >
            {COURSE_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {LANGUAGE_NAMES[code]}
              </option>
            ))}
          </select>
        </div>
        {offline ? (
          <p className="field hint" data-testid="offline-writer">
            {t("request.offline")}
          </p>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-model`}>{t("request.model")}</label>
            <select
              id={`${id}-model`}
              value={model}
              aria-describedby={quota ? `${id}-models` : undefined}
              onChange={(e) => setModel(e.target.value as ModelId)}
            >
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
            {quota && (
              <p id={`${id}-models`} className="hint muted" data-testid="allowed-models">
                {models.length === 1
                  ? t("request.onlyModel", { model: info.label })
                  : t("request.models", {
                      models: modelList(
                        models.map((m) => m.id),
                        locale,
                        "conjunction",
                      ),
                    })}
              </p>
            )}
          </div>
        )}
      </div>
      <details className="what-happens" open>
        <summary>{t("request.whatHappens")}</summary>
        <ul>
          <li>{t("request.step1")}</li>
          <li>{t("request.step2")}</li>
          <li>
            {t("request.step3", {
              lessons: MAX_LESSONS_PER_COURSE,
              attempts: DEFAULT_MAX_ATTEMPTS,
            })}
          </li>
          {!offline && (
            <>
              <li>
                {t("request.price", {
                  model: info.label,
                  input: formatCost(info.price.inputPerMTok, locale),
                  output: formatCost(info.price.outputPerMTok, locale),
                })}
              </li>
              <li data-testid="estimate">
                {estimate
                  ? t("request.estimate", {
                      tokens: formatTokens(estimate.tokens, locale),
                      cost: formatCost(estimate.costUsd, locale),
                    })
                  : t("request.noEstimate")}
              </li>
            </>
          )}
        </ul>
      </details>
      {quota && <QuotaSummary lines={quota.lines} kinds={REQUEST_KINDS} heading="h3" />}
      {children}
      {activeJob && <p className="notice">{t("request.active")}</p>}
      {!activeJob && reached && (
        <div className="notice notice-warn" role="status" data-testid="limit-reached">
          <p className="notice-title">{t("request.limitReached")}</p>
          <p>{reachedText(t, locale, reached)}</p>
        </div>
      )}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <button type="submit" disabled={busy || activeJob || reached !== undefined}>
        {busy ? t("request.submitting") : t("request.submit")}
      </button>
    </form>
  );
}
