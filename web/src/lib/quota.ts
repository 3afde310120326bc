/**
 * Fair-use limits in the UI: the text of each line of quota.mine, which line stops a new
 * request, and the translated sentence of a limit_reached or model_not_allowed error.
 */
import {
  findModel,
  isSpend,
  LIMIT_KINDS,
  type LimitKind,
  type ModelId,
  type QuotaKind,
  type QuotaLine,
} from "@fondation/shared";
import { formatCost, formatDateTime, formatInteger } from "./format.ts";
import type { Locale, MessageKey, Translate } from "./i18n/index.ts";

/** What quota.mine returns (ids and models as plain strings for tests). */
export interface QuotaView {
  lines: QuotaLine[];
  models: { allowed: ModelId[]; preferred: ModelId };
}

/** The limits a new course request must pass. */
export const REQUEST_KINDS: readonly QuotaKind[] = [
  "activeJobs",
  "jobsPerDay",
  "spendPerDay",
  "spendPerMonth",
];

/** Any kind a limit_reached refusal may name (the quota lines' and the questions'). */
export function isLimitKind(value: unknown): value is LimitKind {
  return typeof value === "string" && (LIMIT_KINDS as readonly string[]).includes(value);
}

/** A line is reached when one more job (or any more spend) would pass its limit. */
export function isReached(line: QuotaLine): boolean {
  return line.limit !== null && line.used >= line.limit;
}

/** The first reached line among `kinds`, in the order the server checks them. */
export function firstReached(
  lines: readonly QuotaLine[] | undefined,
  kinds: readonly QuotaKind[],
): QuotaLine | undefined {
  return kinds.map((k) => lines?.find((l) => l.kind === k)).find((l) => l && isReached(l));
}

function amount(kind: LimitKind, n: number, locale: Locale): string {
  return isSpend(kind) ? formatCost(n, locale) : formatInteger(n, locale);
}

/** "3 of 20", "$1.20 of $5.00", "4 (no limit)". */
export function usedText(t: Translate, locale: Locale, line: QuotaLine): string {
  const used = amount(line.kind, line.used, locale);
  return line.limit === null
    ? t("quota.noLimit", { used })
    : t("quota.of", { used, limit: amount(line.kind, line.limit, locale) });
}

/**
 * The sentence for a reached limit: what is used, the limit, when more is possible.
 * `messages`: `ask.reached` when a question was refused (the spend caps then say "ask").
 */
export function reachedText(
  t: Translate,
  locale: Locale,
  line: Pick<QuotaLine, "used" | "resetsAt"> & { kind: LimitKind; limit: number | null },
  messages: "quota.reached" | "ask.reached" = "quota.reached",
): string {
  return t(`${messages}.${line.kind}` as MessageKey, {
    used: amount(line.kind, line.used, locale),
    limit: amount(line.kind, line.limit ?? 0, locale),
    time: line.resetsAt === undefined ? "" : formatDateTime(line.resetsAt, locale),
  });
}

export function modelLabel(id: string): string {
  return findModel(id)?.label ?? id;
}

/** "A or B" / "A ou B". */
export function modelList(
  ids: readonly string[],
  locale: Locale,
  type: "conjunction" | "disjunction" = "disjunction",
): string {
  return new Intl.ListFormat(locale === "fr" ? "fr-FR" : "en-US", { type }).format(
    ids.map(modelLabel),
  );
}
