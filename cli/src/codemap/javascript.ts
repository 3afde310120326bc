/**
 * Outline and import specifiers of a TypeScript/JavaScript file: top-level declarations
 * (exported or not), methods of top-level classes, doc comments and `import`/`export from`/
 * `require`/`import()` specifiers. Works on the lexer's view of the source (jslex.ts).
 */
import type { OutlineItem, OutlineKind } from "../types.ts";
import { LookaheadBudget } from "./budget.ts";
import { detach, docText, shorten, withoutTrailing } from "./doc.ts";
import { type JsLex, lexJs } from "./jslex.ts";

export interface FileFacts {
  doc?: string;
  outline: OutlineItem[];
  /** Raw import specifiers, resolved later against the repository (resolve.ts). */
  specifiers: string[];
}

const ID = "[A-Za-z_$][\\w$]*";
const DECLARATIONS: { re: RegExp; kind: OutlineKind | "var" }[] = [
  {
    re: new RegExp(`^export\\s+default\\s+(?:async\\s+)?function\\s*\\*?\\s*(${ID})?`),
    kind: "function",
  },
  { re: new RegExp(`^export\\s+default\\s+(?:abstract\\s+)?class\\s*(${ID})?`), kind: "class" },
  {
    re: new RegExp(`^(?:export\\s+)?(?:declare\\s+)?(?:async\\s+)?function\\s*\\*?\\s*(${ID})`),
    kind: "function",
  },
  {
    re: new RegExp(`^(?:export\\s+)?(?:declare\\s+)?(?:abstract\\s+)?class\\s+(${ID})`),
    kind: "class",
  },
  { re: new RegExp(`^(?:export\\s+)?(?:declare\\s+)?interface\\s+(${ID})`), kind: "interface" },
  { re: new RegExp(`^(?:export\\s+)?(?:declare\\s+)?type\\s+(${ID})\\s*[<=]`), kind: "type" },
  { re: new RegExp(`^(?:export\\s+)?(?:declare\\s+)?(?:const\\s+)?enum\\s+(${ID})`), kind: "enum" },
  { re: new RegExp(`^(?:export\\s+)?(?:declare\\s+)?(?:const|let|var)\\s+(${ID})`), kind: "var" },
];
const METHOD = new RegExp(
  `^(?:(?:public|private|protected|static|readonly|async|override|abstract|declare|get|set)\\s+)*\\*?\\s*(#?${ID})\\s*(?:<[^>]*>)?\\s*\\(`,
);
const NOT_METHODS = new Set([
  "constructor",
  "if",
  "for",
  "while",
  "switch",
  "catch",
  "return",
  "function",
  "super",
]);
/**
 * A value that is a function: `/=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|
 * [A-Za-z_$][\w$]*\s*=>|<)/`, split in two: the alternatives without parameters in one
 * pattern, the `(params) =>` one tried start by start (isArrowWithParams), as that
 * alternative rescanned the rest of the line from every `=(` with no `)` after it.
 */
const FUNCTION_VALUE_SIMPLE = /=\s*(?:async\s+)?(?:function\b|[A-Za-z_$][\w$]*\s*=>|<)/;
const ARROW_HEAD = /=\s*(?:async\s+)?\(/y;
const ARROW_TAIL = /\)\s*(?::[^=]+)?=>/y;

export function isFunctionValue(text: string): boolean {
  return FUNCTION_VALUE_SIMPLE.test(text) || isArrowWithParams(text);
}

/**
 * Whether `=\s*(?:async\s+)?\([^)]*\)\s*(?::[^=]+)?=>` matches somewhere. Each start's `(`
 * meets the first `)` after it; starts that meet the same `)` share the rest of the match,
 * so it is tried once per `)`; no `)` left means no match.
 */
function isArrowWithParams(text: string): boolean {
  let close = -1;
  let failedClose = -1;
  for (let at = text.indexOf("="); at !== -1; at = text.indexOf("=", at + 1)) {
    ARROW_HEAD.lastIndex = at;
    if (!ARROW_HEAD.test(text)) continue;
    const open = ARROW_HEAD.lastIndex - 1;
    if (open >= close) close = text.indexOf(")", open + 1);
    if (close === -1) return false;
    if (close === failedClose) continue;
    ARROW_TAIL.lastIndex = close;
    if (ARROW_TAIL.test(text)) return true;
    failedClose = close;
  }
  return false;
}
const EXPORT_LIST = /^export\s+(?:type\s+)?\{([^}]*)\}\s*;?$/;
const EXPORT_DEFAULT_NAME = new RegExp(`^export\\s+default\\s+(${ID})\\s*;?$`);
const CJS_EXPORT = new RegExp(`^(?:module\\.)?exports\\.(${ID})\\s*=`);
const CJS_OBJECT = /^module\.exports\s*=\s*\{([^}]*)\}?/;
/** `module.exports = createApp;`, also chained (`exports = module.exports = createApp;`). */
const CJS_NAME = new RegExp(
  `^(?:exports\\s*=\\s*)?module\\.exports\\s*=\\s*(?:exports\\s*=\\s*)?(${ID})\\s*;?$`,
);
const IDENTIFIER = new RegExp(`^${ID}$`);
/** A line ending like this goes on below (`<`: type parameters listed one per line). */
const CONTINUES = /(?:[=,(|&+\-?:[{<]|=>)$/;
/** A line starting like this goes on from above (`> {` closing type parameters, `extends …`). */
const CONTINUED = /^(?:[|&.?:)\]}>]|=>|(?:extends|implements)\b)/;

/**
 * Import forms, each tried where its keyword occurs (an indexOf jump is much cheaper than
 * running the pattern over the whole file). The order is the order specifiers are listed in.
 */
const IMPORT_FROM = /import\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?["']([^"'\n]+)["']/y;
const EXPORT_FROM =
  /export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s+["']([^"'\n]+)["']/y;
const IMPORT_PATTERNS: [keyword: string, pattern: RegExp][] = [
  ["import", IMPORT_FROM],
  ["export", EXPORT_FROM],
  ["require", /require\(\s*["']([^"'\n]+)["']\s*\)/y],
  ["import", /import\(\s*["']([^"'\n]+)["']\s*\)/y],
];

const IMPORT_CLAUSE_CHAR = /[\w$*{}\s,]/;
const IMPORT_HEAD = /import\s+(?:type\s+)?/y;
const QUOTED = /["']([^"'\n]+)["']/y;
const EXPORT_BRACE_HEAD = /export\s+(?:type\s+)?\{/y;
const EXPORT_BRACE_TAIL = /\}\s*from\s+["']([^"'\n]+)["']/y;

/**
 * For IMPORT_FROM, tried at every `import`: whether it surely fails there. Everything
 * between `import` and the quoted specifier is in `[\w$*{}\s,]`, so the quote can only be
 * the first character of the source outside that class (the end of the clause); the lazy
 * `from` clause can only end right before it. Every `import` of a clause shares that end,
 * so it is looked at once per clause; without this, each `import` of a long clause that
 * leads to no specifier (`import a` lines) rescanned the rest of it.
 */
function importFromGuard(source: string): (at: number) => boolean {
  let clauseFrom = -1;
  let clauseEnd = -1;
  let quoted = false;
  let endsInFrom = false;
  return (at) => {
    if (at >= clauseEnd || at < clauseFrom) {
      clauseFrom = at;
      clauseEnd = at;
      while (clauseEnd < source.length && IMPORT_CLAUSE_CHAR.test(source.charAt(clauseEnd)))
        clauseEnd++;
      QUOTED.lastIndex = clauseEnd;
      quoted = QUOTED.test(source);
      // `\s+from\s+` right before the quote.
      let k = clauseEnd;
      while (k > at && /\s/.test(source.charAt(k - 1))) k--;
      endsInFrom =
        k < clauseEnd &&
        source.startsWith("from", k - 4) &&
        k - 5 > at &&
        /\s/.test(source.charAt(k - 5));
    }
    if (!quoted) return true;
    if (endsInFrom) return false;
    IMPORT_HEAD.lastIndex = at;
    return !(IMPORT_HEAD.test(source) && IMPORT_HEAD.lastIndex === clauseEnd);
  };
}

/**
 * For EXPORT_FROM: the `{ ... }` alternative meets the first `}` after its `{`, and every
 * `export {` before that `}` shares what follows it; so that is tried once per `}` (and
 * never when no `}` is left), not from every `export {` again.
 */
function exportFromGuard(source: string): (at: number) => boolean {
  let close = -2;
  let tailMatches = false;
  return (at) => {
    EXPORT_BRACE_HEAD.lastIndex = at;
    if (!EXPORT_BRACE_HEAD.test(source)) return false;
    const open = EXPORT_BRACE_HEAD.lastIndex - 1;
    if (close === -1) return true;
    if (open >= close) {
      close = source.indexOf("}", open + 1);
      if (close === -1) return true;
      EXPORT_BRACE_TAIL.lastIndex = close;
      tailMatches = EXPORT_BRACE_TAIL.test(source);
    }
    return !tailMatches;
  };
}
const WORD_CHAR = /\w/;

/** First letters of the lines that can declare or export something at the top level. */
const DECLARING_START = /^[acdefilmtv]/;

export function outlineJs(source: string): FileFacts {
  const lex = lexJs(source);
  const count = lex.lineCount;
  const lines = new LineKinds(lex);

  const endOf = (start: number, baseBrace: number, baseParen: number): number => {
    // Whether the last line with code ends in an operator or an opener: a comment-only line
    // after it (`/** @ts-ignore */` between type parameters) does not end the declaration.
    let continuing = false;
    for (let l = start; l < count && l < start + 5000; l++) {
      if (!lines.budget.spend()) return start + 1;
      if (lex.braceBefore(l + 1) > baseBrace || lex.parenBefore(l + 1) > baseParen) continue;
      if (lex.endsInsideRange(l)) continue;
      if (lines.has(l, BLANK) && continuing && l > start) continue;
      continuing = lines.has(l, CONTINUES_NEXT);
      if (continuing) continue;
      // A next line starting with an operator or a closer continues the declaration, unless
      // it closes the block around it (the `}` of a class after a one-line method).
      const next = lines.nextNonBlank(l + 1);
      if (
        next !== -1 &&
        lines.has(next, CONTINUES_PREVIOUS) &&
        lex.braceBefore(next + 1) >= baseBrace &&
        lex.parenBefore(next + 1) >= baseParen
      )
        continue;
      return l + 1;
    }
    return count;
  };

  const outline: OutlineItem[] = [];
  const exportedNames = new Set<string>();
  let currentClass: { name: string; bodyBrace: number; endLine: number; exported: boolean } | null =
    null;

  for (let l = 0; l < count; l++) {
    const lineNo = l + 1;
    const depth = lex.braceBefore(l);
    if (currentClass && lineNo > currentClass.endLine) currentClass = null;
    // Only top-level lines and class bodies can declare anything we outline.
    const topLevel = depth === 0 && lex.parenBefore(l) === 0;
    if (!topLevel && !(currentClass && depth === currentClass.bodyBrace)) continue;
    const trimmed = lex.codeLine(l);
    if (trimmed === "") continue;

    if (topLevel) {
      const assigned = assignedFunction(trimmed);
      if (assigned) {
        outline.push({
          ...assigned,
          line: lineNo,
          endLine: endOf(l, 0, 0),
          ...withDoc(lex, lineNo),
          signature: signature(lex.sourceLine(l)),
        });
        continue;
      }
      if (!DECLARING_START.test(trimmed)) continue;
      const exportList = EXPORT_LIST.exec(trimmed);
      if (exportList) {
        for (const part of (exportList[1] as string).split(",")) {
          const local = part
            .trim()
            .split(/\s+as\s+/)[0]
            ?.trim();
          if (local) exportedNames.add(local);
        }
        continue;
      }
      const defaultName = EXPORT_DEFAULT_NAME.exec(trimmed);
      if (defaultName) {
        exportedNames.add(defaultName[1] as string);
        continue;
      }
      const cjs = CJS_EXPORT.exec(trimmed) ?? CJS_NAME.exec(trimmed);
      if (cjs) exportedNames.add(cjs[1] as string);
      const cjsObject = CJS_OBJECT.exec(trimmed);
      if (cjsObject) {
        for (const part of (cjsObject[1] as string).split(",")) {
          const local = part.split(":")[0]?.trim();
          if (local && IDENTIFIER.test(local)) exportedNames.add(local);
        }
      }
      for (const { re, kind } of DECLARATIONS) {
        const m = re.exec(trimmed);
        if (!m) continue;
        const name = detach(m[1] ?? "default");
        const exported = trimmed.startsWith("export");
        const endLine = endOf(l, 0, 0);
        let finalKind: OutlineKind;
        if (kind === "var") {
          finalKind = isFunctionValue(trimmed)
            ? "function"
            : /^(?:export\s+)?(?:declare\s+)?const\b/.test(trimmed)
              ? "const"
              : "variable";
        } else finalKind = kind;
        outline.push({
          kind: finalKind,
          name,
          exported,
          line: lineNo,
          endLine,
          ...withDoc(lex, lineNo),
          signature: signature(lex.sourceLine(l)),
        });
        if (finalKind === "class") {
          currentClass = { name, bodyBrace: 1, endLine, exported };
        }
        break;
      }
      continue;
    }

    if (currentClass) {
      const m = METHOD.exec(trimmed);
      if (m && !NOT_METHODS.has(m[1] as string)) {
        const name = m[1] as string;
        const hidden = name.startsWith("#") || /^(private|protected)\b/.test(trimmed);
        outline.push({
          kind: "method",
          name: `${currentClass.name}.${name}`,
          exported: currentClass.exported && !hidden,
          line: lineNo,
          endLine: endOf(l, depth, lex.parenBefore(l)),
          ...withDoc(lex, lineNo),
          signature: signature(lex.sourceLine(l)),
        });
      }
    }
  }

  for (const item of outline) {
    if (!item.exported && item.kind !== "method" && exportedNames.has(item.name))
      item.exported = true;
  }

  return {
    ...fileDoc(lex),
    outline,
    specifiers: importSpecifiers(lex),
  };
}

/** `app.use = function`, `Foo.prototype.bar = async (…) =>`, `exports.x = function`. */
const NAMED_FUNCTION = new RegExp(`^\\s*(?:async\\s+)?function\\s*\\*?\\s*(${ID})`);
const ASSIGNED = new RegExp(`^(${ID}(?:\\.prototype)?|module\\.exports)\\.(${ID})\\s*=(?!=)`);

/**
 * A function assigned to a property at the top level (CommonJS modules and prototypes
 * declare their API this way): a method of its object, or an exported function when the
 * object is `exports`. Public unless its name starts with `_`, by convention.
 */
function assignedFunction(
  line: string,
): { kind: OutlineKind; name: string; exported: boolean } | null {
  const m = ASSIGNED.exec(line);
  if (!m || !isFunctionValue(line.slice(m[0].length - 1))) return null;
  const owner = (m[1] as string).replace(/\.prototype$/, "");
  const name = m[2] as string;
  if (owner === "module" && name === "exports") {
    const named = NAMED_FUNCTION.exec(line.slice(m[0].length))?.[1];
    return named ? { kind: "function", name: named, exported: true } : null;
  }
  if (owner === "exports" || owner === "module.exports")
    return { kind: "function", name, exported: true };
  return { kind: "method", name: `${owner}.${name}`, exported: !name.startsWith("_") };
}

/** Import specifiers in the source, except those inside comments. */
function importSpecifiers(lex: JsLex): string[] {
  const source = lex.source;
  const found = new Set<string>();
  for (const [keyword, pattern] of IMPORT_PATTERNS) {
    const cannotMatch =
      pattern === IMPORT_FROM
        ? importFromGuard(source)
        : pattern === EXPORT_FROM
          ? exportFromGuard(source)
          : () => false;
    for (let at = source.indexOf(keyword); at !== -1; at = source.indexOf(keyword, at + 1)) {
      if (at > 0 && WORD_CHAR.test(source.charAt(at - 1))) continue;
      if (cannotMatch(at)) continue;
      pattern.lastIndex = at;
      const m = pattern.exec(source);
      if (!m) continue;
      if (!lex.insideComment(at)) found.add(detach(m[1] as string));
      at = pattern.lastIndex - 1;
    }
  }
  return [...found];
}

const CHECKED = 1;
const BLANK = 2;
/** The code line ends in an operator or an opener (CONTINUES). */
const CONTINUES_NEXT = 4;
/** The code line starts with an operator or a closer (CONTINUED). */
const CONTINUES_PREVIOUS = 8;

/**
 * What endOf asks of a code line, cut from the source once per line rather than at every
 * look-ahead that passes over it; the look-aheads together are bounded by a budget.
 */
class LineKinds {
  private readonly kinds: Uint8Array;
  readonly budget: LookaheadBudget;

  private readonly lex: JsLex;

  constructor(lex: JsLex) {
    this.lex = lex;
    this.kinds = new Uint8Array(lex.lineCount);
    this.budget = new LookaheadBudget(lex.lineCount);
  }

  has(l: number, kind: number): boolean {
    let k = this.kinds[l] as number;
    if (k === 0) {
      const code = this.lex.codeLine(l);
      k =
        CHECKED |
        (code === "" ? BLANK : 0) |
        (CONTINUES.test(code) ? CONTINUES_NEXT : 0) |
        (CONTINUED.test(code) ? CONTINUES_PREVIOUS : 0);
      this.kinds[l] = k;
    }
    return (k & kind) !== 0;
  }

  /** The first non-blank line from `from` (looking 50 lines ahead at most), or -1. */
  nextNonBlank(from: number): number {
    for (let l = from; l < this.lex.lineCount && l < from + 50; l++) {
      if (!this.budget.spend()) return -1;
      if (!this.has(l, BLANK)) return l;
    }
    return -1;
  }
}

function signature(line: string): string {
  return shorten(withoutTrailing(withoutTrailing(line, "{"), "="), 160);
}

/** Comments that are not documentation, whatever their place. */
const TOOL_COMMENT = /^\s*(eslint|biome-ignore|@ts-|prettier-ignore|istanbul)/;
const NOT_FILE_DOC = /^\s*(eslint|biome-ignore|@ts-|prettier-ignore|@license|copyright)/i;

/**
 * The text of a run of comments: a block comment alone, or consecutive `//` lines merged
 * into one block.
 */
function runText(lex: JsLex, first: number, last: number): string {
  let text = lex.commentText(first);
  for (let c = first + 1; c <= last; c++) text += `\n${lex.commentText(c)}`;
  return text;
}

/** Whether comment `c` is a `//` line right below the `//` line `c - 1`. */
function continuesLineRun(lex: JsLex, c: number): boolean {
  if (c <= 0 || c >= lex.commentCount) return false;
  const previous = lex.comment(c - 1);
  const current = lex.comment(c);
  return !previous.block && !current.block && current.startLine === previous.endLine + 1;
}

/** The doc comment (or run of `//` lines) ending right above a declaration, decorators aside. */
function withDoc(lex: JsLex, lineNo: number): { doc?: string } {
  let above = lineNo - 1;
  // Decorators sit between a doc comment and its declaration.
  while (above >= 1 && lex.codeLine(above - 1).startsWith("@")) above--;
  const last = lex.lastCommentEndingOn(above);
  if (last === -1) return {};
  // A `//` run that goes on below this line does not end here.
  if (continuesLineRun(lex, last + 1)) return {};
  const comment = lex.comment(last);
  if (comment.block && !comment.doc) return {};
  let first = last;
  while (continuesLineRun(lex, first)) first--;
  const text = runText(lex, first, last);
  if (TOOL_COMMENT.test(text)) return {};
  const doc = docText(text);
  return doc ? { doc } : {};
}

/** The comment that opens a file, unless it belongs to the declaration right below it. */
function fileDoc(lex: JsLex): { doc?: string } {
  if (lex.commentCount === 0) return {};
  const head = lex.comment(0);
  let last = 0;
  if (!head.block) while (continuesLineRun(lex, last + 1)) last++;
  for (let l = 0; l < head.startLine - 1; l++) {
    const t = lex.codeLine(l);
    if (t !== "" && !t.startsWith("#!")) return {};
  }
  const text = runText(lex, 0, last);
  if (NOT_FILE_DOC.test(text)) return {};
  const endLine = lex.comment(last).endLine;
  const following = endLine < lex.lineCount ? lex.codeLine(endLine) : "";
  if (
    following !== "" &&
    !/^(import|export\s+\*|export\s+\{[^}]*\}\s*from|["']use )/.test(following)
  ) {
    if (head.doc) return {};
  }
  const doc = docText(text, 400);
  return doc ? { doc } : {};
}
