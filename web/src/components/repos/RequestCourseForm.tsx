"use client";
/**
 * Request a course: language and model, and before starting, what will happen — the
 * steps, the limits, the model's prices, and an estimate when one is available.
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
import { type FormEvent, useId, useState } from "react";
import { errorMessage } from "@/lib/errors.ts";
import { estimateFromUsage } from "@/lib/estimate.ts";
import { formatCost, formatTokens } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";

const LANGUAGE_NAMES: Record<CourseLanguage, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  de: "Deutsch",
};

export interface RequestCourseFormProps {
  onRequest: (options: { language: CourseLanguage; model: ModelId }) => Promise<unknown>;
  /** Disabled while the repository has an active job. */
  activeJob?: boolean;
  /** Usage of this repository's last course, when there is one: the basis of the estimate. */
  previousUsage?: Usage | null;
}

export function RequestCourseForm({
  onRequest,
  activeJob = false,
  previousUsage = null,
}: RequestCourseFormProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [language, setLanguage] = useState<CourseLanguage>(locale === "fr" ? "fr" : "en");
  const [model, setModel] = useState<ModelId>(DEFAULT_MODEL);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const info = MODELS.find((m) => m.id === model) ?? MODELS[0];
  const estimate = previousUsage ? estimateFromUsage(previousUsage, info.price) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await onRequest({ language, model });
    } catch (error) {
      setFailure(t("request.failed", { message: errorMessage(t, error) }));
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
        <div className="field">
          <label htmlFor={`${id}-model`}>{t("request.model")}</label>
          <select
            id={`${id}-model`}
            value={model}
            onChange={(e) => setModel(e.target.value as ModelId)}
          >
            {MODELS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
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
        </ul>
      </details>
      {activeJob && <p className="notice">{t("request.active")}</p>}
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <button type="submit" disabled={busy || activeJob}>
        {busy ? t("request.submitting") : t("request.submit")}
      </button>
    </form>
  );
}
