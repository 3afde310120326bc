/** Number, duration and money formatting for the UI, per locale. */
import type { Locale } from "./i18n/index.ts";

const intl = (locale: Locale) => (locale === "fr" ? "fr-FR" : "en-US");

/** "4 s", "2 min 05 s", "1 h 03 min". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, "0")} s`;
  return `${s} s`;
}

export function formatInteger(n: number, locale: Locale): string {
  return new Intl.NumberFormat(intl(locale)).format(Math.round(n));
}

/** "1.2M", "35k", "980" — compact token counts. */
export function formatTokens(n: number, locale: Locale): string {
  return new Intl.NumberFormat(intl(locale), {
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(n);
}

/** Dollars with cents, or with more precision below a cent so small costs are not "$0.00". */
export function formatCost(usd: number, locale: Locale): string {
  const digits = usd > 0 && usd < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(intl(locale), {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(usd);
}

export function formatDateTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(intl(locale), { dateStyle: "medium", timeStyle: "short" }).format(
    ms,
  );
}

export function formatTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(intl(locale), {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(ms);
}

export function shortCommit(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : "—";
}
