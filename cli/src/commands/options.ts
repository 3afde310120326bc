/** Option defaults and parsers shared by the commands (validated before any work starts). */
import { resolve } from "node:path";
import {
  COURSE_LANGUAGES,
  type CourseLanguage,
  DEFAULT_MODEL,
  MAX_LESSONS_PER_COURSE,
  MODEL_IDS,
} from "@fondation/shared";
import { InvalidArgumentError } from "commander";

export const DEFAULTS = {
  language: "en" as CourseLanguage,
  model: DEFAULT_MODEL,
  concurrency: 4,
  maxChapters: 12,
  /** Relative to the analysed folder; the scanner never reads it back. */
  outInsideRepo: ".fondation/course",
};

export function intIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

export const LANGUAGE_CHOICES = [...COURSE_LANGUAGES];
export const MODEL_CHOICES = [...MODEL_IDS];
export const MAX_CHAPTERS_LIMIT = MAX_LESSONS_PER_COURSE - 10;

export function defaultOut(dir: string): string {
  return resolve(dir, DEFAULTS.outInsideRepo);
}
