/**
 * A small typed dictionary: English is the reference, French implements every key
 * (the compiler checks it). `{name}` placeholders are filled by `format`.
 */
import { en, type MessageKey } from "./en.ts";
import { fr } from "./fr.ts";

export type { MessageKey } from "./en.ts";

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export const LOCALE_COOKIE = "fondation_locale";

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, fr };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, vars) => format(dictionary[key] ?? en[key], vars);
}

/** Pick a locale from a cookie value, then the Accept-Language header. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().slice(0, 2).toLowerCase();
    if (isLocale(tag)) return tag;
  }
  return DEFAULT_LOCALE;
}
