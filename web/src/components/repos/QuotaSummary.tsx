"use client";
/**
 * The user's fair-use limits (quota.mine): for each, what is used against the limit, a
 * meter, and when it resets. A reached limit is marked and said in words.
 */
import type { QuotaKind, QuotaLine } from "@fondation/shared";
import { useId } from "react";
import { formatDateTime } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { MessageKey } from "@/lib/i18n/index.ts";
import { isReached, usedText } from "@/lib/quota.ts";

export interface QuotaSummaryProps {
  lines: readonly QuotaLine[];
  /** The lines to show, in this order (all by default). */
  kinds?: readonly QuotaKind[];
  /** Heading level of the title; "none" to leave it out (inside a form). */
  heading?: "h2" | "h3" | "none";
}

export function QuotaSummary({ lines, kinds, heading = "h2" }: QuotaSummaryProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const shown = kinds ? kinds.flatMap((k) => lines.filter((l) => l.kind === k)) : [...lines];
  if (shown.length === 0) return null;
  const Heading = heading === "none" ? null : heading;
  return (
    <section className="quota" aria-labelledby={`${id}-title`} data-testid="quota">
      {Heading ? (
        <Heading id={`${id}-title`} className="quota-title">
          {t("quota.title")}
        </Heading>
      ) : (
        <span id={`${id}-title`} className="visually-hidden">
          {t("quota.title")}
        </span>
      )}
      <dl>
        {shown.map((line) => {
          const reached = isReached(line);
          return (
            <div
              key={line.kind}
              className={reached ? "quota-line reached" : "quota-line"}
              data-kind={line.kind}
            >
              <dt>{t(`quota.${line.kind}` as MessageKey)}</dt>
              <dd>
                <span className="quota-used">{usedText(t, locale, line)}</span>
                {line.limit !== null && line.limit > 0 && (
                  <meter
                    min={0}
                    max={line.limit}
                    value={Math.min(line.used, line.limit)}
                    // Lower is better: green, then amber past 70 %, red past 90 %.
                    optimum={0}
                    low={line.limit * 0.7}
                    high={line.limit * 0.9}
                    aria-hidden="true"
                  />
                )}
                {line.resetsAt !== undefined && line.limit !== null && (
                  <span className="muted quota-reset">
                    {t("quota.resets", { time: formatDateTime(line.resetsAt, locale) })}
                  </span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
