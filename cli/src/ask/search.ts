/**
 * Lexical ranking over the passages: BM25 (MiniSearch's BM25+) on identifier-aware terms
 * (terms.ts), a declaration's name weighing most, then its file's path, then its signature,
 * doc or the section's prose. Names that match a question word whole or by prefix both count,
 * and so do the abbreviations code is full of: `expiration` also looks for `exp` when some
 * declaration's name has that word, at a lower weight; two question words that a name writes
 * as one ("camel case", `camelcase`) are looked for joined. A follow-up also looks for the
 * words of the thread's earlier questions, at a low weight: "and where is it tested?" after
 * "where is the token refreshed?" then ranks the token's tests above every other test.
 */
import MiniSearch from "minisearch";
import type { Passage } from "./passages.ts";
import { identifierParts, normalizeTerm, queryTerms, tokenize } from "./terms.ts";

export interface SearchHit {
  passage: Passage;
  score: number;
  /** The question's terms this passage matched. */
  terms: string[];
}

interface IndexedPassage {
  id: number;
  name: string;
  path: string;
  text: string;
}

const FIELDS = ["name", "path", "text"] as const;
const BOOST = { name: 4, path: 1.5, text: 1 };
/** Exported declarations are what a question about a project is most often about. */
const EXPORTED_BOOST = 1.3;
const LESSON_BOOST = 0.8;
const ABBREVIATION_WEIGHT = 0.9;
/** Whole identifiers already match by prefix (`decode` in `decodeError`): a light weight keeps it a tiebreak. */
const PREFIX_WEIGHT = 0.2;
const MIN_ABBREVIATION = 3;
/** Words of earlier questions only break ties among what the question itself matches, or stand in when it names nothing. */
const EARLIER_WEIGHT = 0.35;

export class PassageIndex {
  readonly passages: Passage[];
  private readonly index: MiniSearch<IndexedPassage>;
  /** The words of declaration names, for abbreviations and compounds. */
  private readonly nameWords = new Set<string>();

  constructor(passages: Passage[]) {
    this.passages = passages;
    this.index = new MiniSearch<IndexedPassage>({
      fields: [...FIELDS],
      idField: "id",
      tokenize,
      processTerm: normalizeTerm,
    });
    this.index.addAll(passages.map(indexed));
    for (const p of passages) {
      if (p.kind !== "declaration") continue;
      for (const part of identifierParts(p.name)) this.nameWords.add(part.toLowerCase());
    }
  }

  /** `earlier`: the thread's earlier questions, oldest first (thread.ts bounds them). */
  search(question: string, limit: number, earlier: readonly string[] = []): SearchHit[] {
    const terms = queryTerms(question);
    const abbreviations = new Set(terms.flatMap((t) => this.abbreviationsOf(t, terms)));
    const compounds = this.compoundsOf(question);
    const own = new Set([...terms, ...compounds, ...abbreviations]);
    const context = new Set(
      earlier.flatMap((q) => [...queryTerms(q), ...this.compoundsOf(q)]).filter((t) => !own.has(t)),
    );
    const query = [...own, ...context].join(" ");
    if (query === "") return [];
    const results = this.index.search(query, {
      boost: BOOST,
      boostTerm: (term) =>
        context.has(term) ? EARLIER_WEIGHT : abbreviations.has(term) ? ABBREVIATION_WEIGHT : 1,
      combineWith: "OR",
      weights: { prefix: PREFIX_WEIGHT, fuzzy: 0 },
      // Prefix only for longer words: `conf` would match half of a repository.
      prefix: (term) => term.length >= 5,
      boostDocument: (id) => {
        const p = this.passages[id as number];
        if (!p) return 1;
        if (p.kind === "lesson") return LESSON_BOOST;
        return p.exported ? EXPORTED_BOOST : 1;
      },
    });
    return results.slice(0, limit).map((r) => ({
      passage: this.passages[r.id as number] as Passage,
      score: r.score,
      terms: r.terms,
    }));
  }

  /** Two words of the question that code writes as one: "camel case" → `camelcase`, "file name" → `filename`. */
  private compoundsOf(question: string): string[] {
    const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const found: string[] = [];
    for (let i = 0; i + 1 < words.length; i++) {
      const joined = `${words[i]}${words[i + 1]}`;
      if (this.nameWords.has(joined)) found.push(joined);
    }
    return found;
  }

  /** Leading parts of `term` that are words of names: `exp` for `expiration`, `auth` for `authorize`. */
  private abbreviationsOf(term: string, terms: string[]): string[] {
    const found: string[] = [];
    for (let k = MIN_ABBREVIATION; k < term.length - 1; k++) {
      const head = term.slice(0, k);
      if (this.nameWords.has(head) && !terms.includes(head)) found.push(head);
    }
    return found;
  }
}

function indexed(p: Passage): IndexedPassage {
  if (p.kind === "declaration")
    return { id: p.id, name: p.name, path: p.citation.path, text: p.text };
  // A lesson's headings are labels ("Checks", "Files"), not names: they weigh as a path does.
  return { id: p.id, name: "", path: `${p.lesson.title} ${p.heading}`, text: p.text };
}
