/**
 * Outline and import specifiers of a TypeScript/JavaScript file: top-level declarations
 * (exported or not), methods of top-level classes, doc comments and `import`/`export from`/
 * `require`/`import()` specifiers. Works on the lexer's view of the source (jslex.ts).
 */
import type { OutlineItem, OutlineKind } from "../types.ts";
import { detach, docText, shorten } from "./doc.ts";
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
const FUNCTION_VALUE =
  /=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>|<)/;
const EXPORT_LIST = /^export\s+(?:type\s+)?\{([^}]*)\}\s*;?$/;
const EXPORT_DEFAULT_NAME = new RegExp(`^export\\s+default\\s+(${ID})\\s*;?$`);
const CJS_EXPORT = new RegExp(`^(?:module\\.)?exports\\.(${ID})\\s*=`);
const CJS_OBJECT = /^module\.exports\s*=\s*\{([^}]*)\}?/;
const IDENTIFIER = new RegExp(`^${ID}$`);
const CONTINUES = /(?:[=,(|&+\-?:[{]|=>)$/;
const CONTINUED = /^(?:[|&.?:)\]}]|=>)/;

/**
 * Import forms, each tried where its keyword occurs (an indexOf jump is much cheaper than
 * running the pattern over the whole file). The order is the order specifiers are listed in.
 */
const IMPORT_PATTERNS: [keyword: string, pattern: RegExp][] = [
  ["import", /import\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?["']([^"'\n]+)["']/y],
  [
    "export",
    /export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s+["']([^"'\n]+)["']/y,
  ],
  ["require", /require\(\s*["']([^"'\n]+)["']\s*\)/y],
  ["import", /import\(\s*["']([^"'\n]+)["']\s*\)/y],
];
const WORD_CHAR = /\w/;

/** First letters of the lines that can declare or export something at the top level. */
const DECLARING_START = /^[acdefilmtv]/;

export function outlineJs(source: string): FileFacts {
  const lex = lexJs(source);
  const count = lex.lineCount;
  const codeLines: Lines = { length: count, at: (l) => lex.codeLine(l) };

  const endOf = (start: number, baseBrace: number, baseParen: number): number => {
    for (let l = start; l < count && l < start + 5000; l++) {
      if (lex.braceBefore(l + 1) > baseBrace || lex.parenBefore(l + 1) > baseParen) continue;
      if (lex.endsInsideRange(l)) continue;
      if (CONTINUES.test(lex.codeLine(l))) continue;
      // A next line starting with an operator or a closer continues the declaration, unless
      // it closes the block around it (the `}` of a class after a one-line method).
      const next = nextNonBlank(codeLines, l + 1);
      if (
        next !== -1 &&
        CONTINUED.test(codeLines.at(next)) &&
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
      const cjs = CJS_EXPORT.exec(trimmed);
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
          finalKind = FUNCTION_VALUE.test(trimmed)
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

/** Import specifiers in the source, except those inside comments. */
function importSpecifiers(lex: JsLex): string[] {
  const source = lex.source;
  const found = new Set<string>();
  for (const [keyword, pattern] of IMPORT_PATTERNS) {
    for (let at = source.indexOf(keyword); at !== -1; at = source.indexOf(keyword, at + 1)) {
      if (at > 0 && WORD_CHAR.test(source.charAt(at - 1))) continue;
      pattern.lastIndex = at;
      const m = pattern.exec(source);
      if (!m) continue;
      if (!lex.insideComment(at)) found.add(detach(m[1] as string));
      at = pattern.lastIndex - 1;
    }
  }
  return [...found];
}

/** Code lines (trimmed), as the lexer gives them. */
interface Lines {
  length: number;
  at(l: number): string;
}

/** The first non-blank line from `from` (looking 50 lines ahead at most), or -1. */
function nextNonBlank(lines: Lines, from: number): number {
  for (let l = from; l < lines.length && l < from + 50; l++) if (lines.at(l) !== "") return l;
  return -1;
}

function signature(line: string): string {
  let s = line.trim().replace(/\s*\{\s*$/, "");
  s = s.replace(/\s*=\s*$/, "");
  return shorten(s, 160);
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
