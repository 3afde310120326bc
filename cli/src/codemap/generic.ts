/**
 * Best-effort outline for languages without a dedicated extractor (Rust, Java, Kotlin, C#,
 * Swift, Scala, Ruby, PHP, C/C++...): declarations found by per-language line patterns,
 * with the comment right above as doc. No imports: the graph degrades to "no edges".
 */
import type { OutlineItem, OutlineKind } from "../types.ts";
import { docText, shorten, withoutTrailing } from "./doc.ts";
import type { FileFacts } from "./javascript.ts";

type Rule = {
  re: RegExp;
  kind: OutlineKind;
  exported: (m: RegExpExecArray, line: string) => boolean;
};

const pub = (_m: RegExpExecArray, line: string) => /\bpub\b/.test(line);
const notPrivate = (_m: RegExpExecArray, line: string) => !/\b(private|fileprivate)\b/.test(line);
const always = () => true;

const RULES: Record<string, Rule[]> = {
  rust: [
    {
      re: /^\s*(?:pub(?:\([\w:]+\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(\w+)/,
      kind: "function",
      exported: pub,
    },
    { re: /^\s*(?:pub(?:\([\w:]+\))?\s+)?struct\s+(\w+)/, kind: "struct", exported: pub },
    { re: /^\s*(?:pub(?:\([\w:]+\))?\s+)?enum\s+(\w+)/, kind: "enum", exported: pub },
    { re: /^\s*(?:pub(?:\([\w:]+\))?\s+)?trait\s+(\w+)/, kind: "interface", exported: pub },
    { re: /^\s*(?:pub(?:\([\w:]+\))?\s+)?type\s+(\w+)/, kind: "type", exported: pub },
    { re: /^\s*(?:pub(?:\([\w:]+\))?\s+)?mod\s+(\w+)/, kind: "module", exported: pub },
  ],
  java: jvmRules(),
  kotlin: [
    ...jvmRules(),
    {
      re: /^\s*(?:(?:public|internal|private|suspend|inline|override)\s+)*fun\s+(?:<[^>]+>\s*)?(?:[\w.]+\.)?(\w+)/,
      kind: "function",
      exported: notPrivate,
    },
  ],
  scala: jvmRules(),
  csharp: jvmRules(),
  swift: [
    {
      re: /^\s*(?:(?:public|open|internal|private|fileprivate|final)\s+)*(?:class|actor)\s+(\w+)/,
      kind: "class",
      exported: notPrivate,
    },
    {
      re: /^\s*(?:(?:public|open|internal|private|fileprivate)\s+)*struct\s+(\w+)/,
      kind: "struct",
      exported: notPrivate,
    },
    {
      re: /^\s*(?:(?:public|open|internal|private|fileprivate)\s+)*protocol\s+(\w+)/,
      kind: "interface",
      exported: notPrivate,
    },
    {
      re: /^\s*(?:(?:public|open|internal|private|fileprivate)\s+)*enum\s+(\w+)/,
      kind: "enum",
      exported: notPrivate,
    },
    {
      re: /^\s*(?:(?:public|open|internal|private|fileprivate|static|override)\s+)*func\s+(\w+)/,
      kind: "function",
      exported: notPrivate,
    },
  ],
  ruby: [
    { re: /^\s*class\s+([A-Z]\w*(?:::\w+)*)/, kind: "class", exported: always },
    { re: /^\s*module\s+([A-Z]\w*(?:::\w+)*)/, kind: "module", exported: always },
    {
      re: /^\s*def\s+(?:self\.)?(\w+[?!=]?)/,
      kind: "method",
      exported: (m) => !(m[1] as string).startsWith("_"),
    },
  ],
  php: [
    { re: /^\s*(?:(?:abstract|final)\s+)*class\s+(\w+)/, kind: "class", exported: always },
    { re: /^\s*interface\s+(\w+)/, kind: "interface", exported: always },
    { re: /^\s*trait\s+(\w+)/, kind: "interface", exported: always },
    {
      re: /^\s*(?:(?:public|protected|private|static|abstract|final)\s+)*function\s+(\w+)/,
      kind: "function",
      exported: notPrivate,
    },
  ],
  c: cRules(),
  cpp: cRules(),
};

function jvmRules(): Rule[] {
  const mods =
    "(?:(?:public|protected|private|internal|abstract|final|static|sealed|open|data|partial|case|inner|enum|annotation)\\s+)*";
  return [
    {
      re: new RegExp(`^\\s*${mods}(?:class|object|record)\\s+(\\w+)`),
      kind: "class",
      exported: notPrivate,
    },
    {
      re: new RegExp(`^\\s*${mods}(?:interface|trait)\\s+(\\w+)`),
      kind: "interface",
      exported: notPrivate,
    },
    {
      re: new RegExp(`^\\s*${mods}enum\\s+(?:class\\s+)?(\\w+)`),
      kind: "enum",
      exported: notPrivate,
    },
    { re: new RegExp(`^\\s*${mods}struct\\s+(\\w+)`), kind: "struct", exported: notPrivate },
  ];
}

function cRules(): Rule[] {
  return [
    { re: /^(?:typedef\s+)?struct\s+(\w+)\s*\{/, kind: "struct", exported: always },
    { re: /^class\s+(\w+)/, kind: "class", exported: always },
    {
      // `\s*(?:\{\s*)?$` is `\s*\{?\s*$` without two adjacent runs of spaces to split
      // (a long run of spaces after a `)` made that cubic).
      re: /^(?:static\s+)?(?:inline\s+)?[A-Za-z_][\w\s*:<>,]*?\b(\w+)\s*\([^;]*\)\s*(?:\{\s*)?$/,
      kind: "function",
      exported: (_m, l) => !/^static\b/.test(l),
    },
  ];
}

export function outlineGeneric(source: string, language: string | null): FileFacts {
  const rules = language ? RULES[language] : undefined;
  if (!rules) return { outline: [], specifiers: [] };
  const lines = source.split(/\r?\n/);
  const outline: OutlineItem[] = [];
  for (let l = 0; l < lines.length && outline.length < 400; l++) {
    const text = lines[l] as string;
    for (const rule of rules) {
      const m = rule.re.exec(text);
      if (!m) continue;
      const name = m[1] as string;
      if (["if", "for", "while", "switch", "return", "sizeof"].includes(name)) break;
      const result: OutlineItem = {
        kind: rule.kind,
        name,
        exported: rule.exported(m, text),
        line: l + 1,
        endLine: l + 1,
        signature: shorten(withoutTrailing(text, "{"), 160),
      };
      const doc = commentAbove(lines, l);
      if (doc) result.doc = doc;
      outline.push(result);
      break;
    }
  }
  return { outline, specifiers: [] };
}

function commentAbove(lines: string[], l: number): string | undefined {
  const body: string[] = [];
  for (let k = l - 1; k >= 0 && k > l - 40; k--) {
    const t = (lines[k] as string).trim();
    if (
      /^(\/\/\/?|#|\*|\/\*\*?|\*\/)/.test(t) &&
      !t.startsWith("#[") &&
      !t.startsWith("#include")
    ) {
      body.unshift(t.replace(/^(\/\/\/?|#|\/\*\*?|\*\/|\*)\s?/, ""));
    } else break;
  }
  const text = docText(body.join("\n"));
  return text || undefined;
}
