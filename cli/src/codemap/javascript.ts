/**
 * Outline and import specifiers of a TypeScript/JavaScript file: top-level declarations
 * (exported or not), methods of top-level classes, doc comments and `import`/`export from`/
 * `require`/`import()` specifiers. Works on the masked source from jsmask.ts.
 */
import type { OutlineItem, OutlineKind } from "../types.ts";
import { type Comment, docText, insideRanges, maskJs, shorten } from "./jsmask.ts";

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

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?["']([^"'\n]+)["']/g,
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s+["']([^"'\n]+)["']/g,
  /\brequire\(\s*["']([^"'\n]+)["']\s*\)/g,
  /\bimport\(\s*["']([^"'\n]+)["']\s*\)/g,
];

export function outlineJs(source: string): FileFacts {
  const { code, comments, commentRanges } = maskJs(source);

  // One pass over the masked code: where each line starts, and the brace and paren depth
  // before it. Masking keeps offsets, so the same offsets slice the original source.
  const starts: number[] = [0];
  const braceBefore: number[] = [0];
  const parenBefore: number[] = [0];
  let brace = 0;
  let paren = 0;
  for (let k = 0; k < code.length; k++) {
    const ch = code.charCodeAt(k);
    if (ch === 10) {
      starts.push(k + 1);
      braceBefore.push(brace);
      parenBefore.push(paren);
    } else if (ch === 123) brace++;
    else if (ch === 125) brace = brace > 0 ? brace - 1 : 0;
    else if (ch === 40 || ch === 91) paren++;
    else if (ch === 41 || ch === 93) paren = paren > 0 ? paren - 1 : 0;
  }
  const count = starts.length;
  starts.push(code.length + 1);
  braceBefore.push(brace);
  parenBefore.push(paren);
  const codeLine = (l: number) => code.slice(starts[l] as number, (starts[l + 1] as number) - 1);
  const sourceLine = (l: number) =>
    source.slice(starts[l] as number, (starts[l + 1] as number) - 1);
  const codeLines = { length: count, at: codeLine };

  const endOf = (start: number, baseBrace: number, baseParen: number): number => {
    for (let l = start; l < count && l < start + 5000; l++) {
      if ((braceBefore[l + 1] as number) > baseBrace || (parenBefore[l + 1] as number) > baseParen)
        continue;
      const trimmed = codeLine(l).trim();
      if (CONTINUES.test(trimmed)) continue;
      const nextLine = nextNonBlank(codeLines, l + 1);
      if (nextLine !== undefined && CONTINUED.test(nextLine)) continue;
      return l + 1;
    }
    return count;
  };

  const docs = docIndex(comments);
  const outline: OutlineItem[] = [];
  const exportedNames = new Set<string>();
  let currentClass: { name: string; bodyBrace: number; endLine: number; exported: boolean } | null =
    null;

  for (let l = 0; l < count; l++) {
    const lineNo = l + 1;
    const depth = braceBefore[l] as number;
    if (currentClass && lineNo > currentClass.endLine) currentClass = null;
    // Only top-level lines and class bodies can declare anything we outline.
    if (depth !== 0 && !(currentClass && depth === currentClass.bodyBrace)) continue;
    const trimmed = codeLine(l).trim();
    if (trimmed === "") continue;

    if (depth === 0 && (parenBefore[l] as number) === 0) {
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
        const name = m[1] ?? "default";
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
          ...withDoc(docs, lineNo, codeLines),
          signature: signature(sourceLine(l)),
        });
        if (finalKind === "class") {
          currentClass = { name, bodyBrace: 1, endLine, exported };
        }
        break;
      }
      continue;
    }

    if (currentClass && depth === currentClass.bodyBrace) {
      const m = METHOD.exec(trimmed);
      if (m && !NOT_METHODS.has(m[1] as string)) {
        const name = m[1] as string;
        const hidden = name.startsWith("#") || /^(private|protected)\b/.test(trimmed);
        outline.push({
          kind: "method",
          name: `${currentClass.name}.${name}`,
          exported: currentClass.exported && !hidden,
          line: lineNo,
          endLine: endOf(l, depth, parenBefore[l] as number),
          ...withDoc(docs, lineNo, codeLines),
          signature: signature(sourceLine(l)),
        });
      }
    }
  }

  for (const item of outline) {
    if (!item.exported && item.kind !== "method" && exportedNames.has(item.name))
      item.exported = true;
  }

  return {
    ...fileDoc(comments, codeLines),
    outline,
    specifiers: importSpecifiers(source, commentRanges),
  };
}

/** Import specifiers in the source, except those inside comments. */
export function importSpecifiers(source: string, commentRanges: number[]): string[] {
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
      if (!insideRanges(commentRanges, m.index)) found.add(m[1] as string);
    }
  }
  return [...found];
}

interface Lines {
  length: number;
  at(l: number): string;
}

function nextNonBlank(lines: Lines, from: number): string | undefined {
  for (let l = from; l < lines.length && l < from + 50; l++) {
    const t = lines.at(l).trim();
    if (t !== "") return t;
  }
  return undefined;
}

function signature(line: string): string {
  let s = line.trim().replace(/\s*\{\s*$/, "");
  s = s.replace(/\s*=\s*$/, "");
  return shorten(s, 160);
}

/** Doc comments by the line they end on (consecutive `//` lines merged into one block). */
function docIndex(comments: Comment[]): Map<number, Comment> {
  const byEnd = new Map<number, Comment>();
  let run = null as Comment | null;
  for (const c of comments) {
    if (!c.block && run && !run.block && c.startLine === run.endLine + 1) {
      run = { ...run, endLine: c.endLine, text: `${run.text}\n${c.text}` };
    } else {
      if (run) byEnd.set(run.endLine, run);
      run = c;
    }
  }
  if (run) byEnd.set(run.endLine, run);
  return byEnd;
}

function withDoc(docs: Map<number, Comment>, lineNo: number, codeLines: Lines): { doc?: string } {
  let above = lineNo - 1;
  // Decorators sit between a doc comment and its declaration.
  while (above >= 1 && /^\s*@/.test(codeLines.at(above - 1))) above--;
  const comment = docs.get(above);
  if (!comment) return {};
  if (!comment.doc && comment.block) return {};
  if (/^\s*(eslint|biome-ignore|@ts-|prettier-ignore|istanbul)/.test(comment.text)) return {};
  const text = docText(comment.text);
  return text ? { doc: text } : {};
}

/** The comment that opens a file, unless it belongs to the declaration right below it. */
function fileDoc(comments: Comment[], codeLines: Lines): { doc?: string } {
  let first = comments[0];
  if (!first) return {};
  if (!first.block) {
    for (const c of comments.slice(1)) {
      if (c.block || c.startLine !== first.endLine + 1) break;
      first = { ...first, endLine: c.endLine, text: `${first.text}\n${c.text}` };
    }
  }
  for (let l = 0; l < first.startLine - 1; l++) {
    const t = codeLines.at(l).trim();
    if (t !== "" && !t.startsWith("#!")) return {};
  }
  if (/^\s*(eslint|biome-ignore|@ts-|prettier-ignore|@license|copyright)/i.test(first.text))
    return {};
  const following = first.endLine < codeLines.length ? codeLines.at(first.endLine).trim() : "";
  if (
    following !== "" &&
    !/^(import|export\s+\*|export\s+\{[^}]*\}\s*from|["']use )/.test(following)
  ) {
    if (first.doc) return {};
  }
  const text = docText(first.text, 400);
  return text ? { doc: text } : {};
}
