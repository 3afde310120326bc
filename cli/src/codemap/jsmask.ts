/**
 * A small lexer for JavaScript/TypeScript: finds comments, strings, template literals and
 * regular expression literals, so the outline extractor can count braces and match
 * declarations on code alone. No parse tree: fast enough for tens of thousands of files.
 */

export interface Comment {
  /** 1-based lines. */
  startLine: number;
  endLine: number;
  text: string;
  /** A `/** ... *\/` block. */
  doc: boolean;
  block: boolean;
}

export interface Masked {
  /** The source with comments and string/regex contents blanked (newlines kept). */
  code: string;
  /** The source with only comments blanked (import specifiers are still readable). */
  noComments: string;
  comments: Comment[];
}

const REGEX_AFTER = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const REGEX_AFTER_WORDS =
  /(?:^|[^\w$])(return|typeof|case|do|else|in|of|yield|await|void|delete|new|throw|instanceof)$/;

function blank(segment: string): string {
  return segment.replace(/[^\n]/g, " ");
}

export function maskJs(source: string): Masked {
  const n = source.length;
  // [start, end, isComment] ranges to blank, in order.
  const ranges: [number, number, boolean][] = [];
  const comments: Comment[] = [];
  const templateBraces: number[] = [];
  let line = 1;
  let lastSignificant = ""; // last non-space code character
  let i = 0;

  const lineAt = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (source.charCodeAt(k) === 10) line++;
  };

  /** Scan template text from i (just after ` or }); returns after closing ` or after ${. */
  const scanTemplate = () => {
    const start = i;
    while (i < n) {
      const c = source[i];
      if (c === "\\") {
        i += 2;
        continue;
      }
      if (c === "`") {
        ranges.push([start, i, false]);
        i++;
        lastSignificant = "`";
        break;
      }
      if (c === "$" && source[i + 1] === "{") {
        ranges.push([start, i, false]);
        i += 2;
        templateBraces.push(0);
        lastSignificant = "{";
        break;
      }
      i++;
    }
    if (i >= n) ranges.push([start, n, false]);
    lineAt(start, Math.min(i, n));
  };

  while (i < n) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      ranges.push([i, stop, true]);
      comments.push({
        startLine: line,
        endLine: line,
        text: source.slice(i + 2, stop),
        doc: false,
        block: false,
      });
      i = stop;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      const startLine = line;
      lineAt(i, stop);
      ranges.push([i, stop, true]);
      comments.push({
        startLine,
        endLine: line,
        text: source.slice(i + 2, end === -1 ? n : end),
        doc: source[i + 2] === "*" && source[i + 3] !== "/",
        block: true,
      });
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i + 1;
      i++;
      while (i < n && source[i] !== c && source[i] !== "\n") i += source[i] === "\\" ? 2 : 1;
      ranges.push([start, Math.min(i, n), false]);
      i++;
      lastSignificant = c;
      continue;
    }
    if (c === "`") {
      i++;
      scanTemplate();
      continue;
    }
    if (c === "/") {
      const before = source.slice(Math.max(0, i - 12), i).trimEnd();
      const isRegex =
        lastSignificant === "" ||
        REGEX_AFTER.has(lastSignificant) ||
        REGEX_AFTER_WORDS.test(before);
      if (isRegex) {
        const start = i + 1;
        let k = start;
        let inClass = false;
        while (k < n && source[k] !== "\n") {
          const ch = source[k];
          if (ch === "\\") k += 2;
          else {
            if (ch === "[") inClass = true;
            else if (ch === "]") inClass = false;
            else if (ch === "/" && !inClass) break;
            k++;
          }
        }
        if (k < n && source[k] === "/") {
          ranges.push([start, k, false]);
          i = k + 1;
          lastSignificant = "/";
          continue;
        }
      }
    }
    if (templateBraces.length > 0) {
      const top = templateBraces.length - 1;
      if (c === "{") templateBraces[top] = (templateBraces[top] as number) + 1;
      else if (c === "}") {
        if (templateBraces[top] === 0) {
          templateBraces.pop();
          i++;
          scanTemplate();
          continue;
        }
        templateBraces[top] = (templateBraces[top] as number) - 1;
      }
    }
    lastSignificant = c;
    i++;
  }

  let code = "";
  let noComments = "";
  let at = 0;
  for (const [start, end, isComment] of ranges) {
    if (start < at) continue;
    const kept = source.slice(at, start);
    const gone = blank(source.slice(start, end));
    code += kept + gone;
    noComments += kept + (isComment ? gone : source.slice(start, end));
    at = end;
  }
  code += source.slice(at);
  noComments += source.slice(at);
  return { code, noComments, comments };
}

/** Clean a comment's text into its first sentences (no `*` gutters, no @tags). */
export function docText(raw: string, maxChars = 240): string {
  const lines = raw.split("\n").map((l) =>
    l
      .replace(/^\s*\*+ ?/, "")
      .replace(/^\s*\/\/\/? ?/, "")
      .trimEnd(),
  );
  const kept: string[] = [];
  for (const l of lines) {
    if (/^\s*@\w/.test(l)) break;
    if (l.trim() === "" && kept.length > 0) break; // first paragraph only
    if (l.trim() !== "") kept.push(l.trim());
  }
  return shorten(kept.join(" "), maxChars);
}

export function shorten(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return clean;
  const cut = clean.slice(0, maxChars);
  const sentence = cut.lastIndexOf(". ");
  return sentence > maxChars / 2
    ? cut.slice(0, sentence + 1)
    : `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}
