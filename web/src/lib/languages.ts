/** Course languages by their own names (a French reader picks "Deutsch", not "allemand"). */
import type { CourseLanguage } from "@fondation/shared";

export const LANGUAGE_NAMES: Record<CourseLanguage, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  de: "Deutsch",
};
