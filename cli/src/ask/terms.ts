/**
 * How questions, declarations and lessons are cut into search terms, the same on both
 * sides: identifiers are split into their words (`refreshToken`, `refresh_token` and
 * `RefreshToken` all give `refresh` and `token`) and kept whole too, so a question that
 * names the exact symbol ranks it first. Common English words and plural endings are
 * dropped, so "where are tokens refreshed?" meets `refreshToken`.
 */

const IDENTIFIER = /[\p{L}\p{N}_$]+/gu;

/** Words a question is full of and a declaration never is. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be been by can do does for from how i if in into is it its me my of on " +
    "or so than that the their them then there these this those to was we were what when where " +
    "which who why will with you your should would could get gets got use used using"
  ).split(" "),
);

/** `parseHTTPRequest_v2` → `parse`, `http`, `request`, `v2`. */
export function identifierParts(identifier: string): string[] {
  return identifier
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .split(/[\s_$]+/)
    .filter((p) => p !== "");
}

/** Every identifier of `text`, whole and split into words (whole first). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(IDENTIFIER) ?? []) {
    const parts = identifierParts(word);
    if (parts.length !== 1 || parts[0] !== word) out.push(word);
    out.push(...parts);
  }
  return out;
}

/** A term as indexed: lower case, plural and `-ed`/`-ing` endings folded; null to drop it. */
export function normalizeTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP_WORDS.has(t)) return null;
  return stem(t);
}

/**
 * A deliberately light stemmer: only the endings questions add to code words. A final `e`
 * goes too, so `parse`, `parsed` and `parsing` meet at `pars`.
 */
function stem(t: string): string {
  if (t.length <= 4 || /\d/.test(t)) return t;
  const base = stripEnding(t);
  return base.length > 4 && base.endsWith("e") ? base.slice(0, -1) : base;
}

function stripEnding(t: string): string {
  if (t.endsWith("ies")) return `${t.slice(0, -3)}y`;
  if (t.endsWith("ing") && t.length > 6) return dropDouble(t.slice(0, -3));
  if (t.endsWith("ed") && t.length > 5) return dropDouble(t.slice(0, -2));
  if (t.endsWith("es") && /(ss|sh|ch|x|z)es$/.test(t)) return t.slice(0, -2);
  if (t.endsWith("s") && !/(ss|us|is)$/.test(t)) return t.slice(0, -1);
  return t;
}

/** `mapp` (from `mapped`) → `map`; `refresh` stays. */
function dropDouble(t: string): string {
  return /([^aeiouls])\1$/.test(t) ? t.slice(0, -1) : t;
}

/** The distinct normalized terms of a question. */
export function queryTerms(question: string): string[] {
  const seen = new Set<string>();
  for (const raw of tokenize(question)) {
    const t = normalizeTerm(raw);
    if (t) seen.add(t);
  }
  return [...seen];
}
