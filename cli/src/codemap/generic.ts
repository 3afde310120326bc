/**
 * Best-effort outline for languages without a dedicated extractor (Rust, Java, Kotlin, C#,
 * Swift, Scala, Ruby, PHP, C/C++...): declarations found by per-language line patterns
 * (on the masked source, so nothing in a comment or string counts), with the comment right
 * above as doc and the block's last line as end (blocks.ts). No imports: the graph degrades
 * to "no edges".
 */
import type { OutlineItem, OutlineKind } from "../types.ts";
import { BraceBlocks, indentedEnd } from "./blocks.ts";
import { dialectOf, maskSource } from "./cmask.ts";
import { docText, shorten, withoutTrailing } from "./doc.ts";
import type { FileFacts } from "./javascript.ts";
import { RustOwners } from "./rustowner.ts";

type Rule = {
  re: RegExp;
  kind: OutlineKind;
  /** `previous`: the line above (where an attribute such as `#[macro_export]` sits). */
  exported: (m: RegExpExecArray, line: string, previous: string) => boolean;
};

const pub = (_m: RegExpExecArray, line: string) => /\bpub\b/.test(line);
const notPrivate = (_m: RegExpExecArray, line: string) => !/\b(private|fileprivate)\b/.test(line);
const always = () => true;

/** `pub`, `pub(crate)`, `pub(in crate::a)`: a Rust visibility, then the item's keywords. */
const RUST_VIS = "^\\s*(?:pub(?:\\([^)]*\\))?\\s+)?";
const rust = (keywords: string) => new RegExp(`${RUST_VIS}${keywords}\\s+(\\w+)`);

const RULES: Record<string, Rule[]> = {
  rust: [
    {
      re: rust(
        '(?:default\\s+)?(?:const\\s+)?(?:async\\s+)?(?:unsafe\\s+)?(?:extern\\s+"[^"]*"\\s+)?fn',
      ),
      kind: "function",
      exported: pub,
    },
    { re: rust("struct"), kind: "struct", exported: pub },
    { re: rust("(?:enum|union)"), kind: "enum", exported: pub },
    { re: rust("(?:unsafe\\s+)?trait"), kind: "interface", exported: pub },
    { re: rust("type"), kind: "type", exported: pub },
    { re: rust("mod"), kind: "module", exported: pub },
    {
      re: /^\s*macro_rules!\s*(\w+)/,
      kind: "function",
      exported: (_m, _line, previous) => /#\[macro_export\]/.test(previous),
    },
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
  if (!rules || !language) return { outline: [], specifiers: [] };
  const lines = source.split(/\r?\n/);
  const ends = blockEnds(source, language, lines);
  const outline: OutlineItem[] = [];
  const owners = language === "rust" ? new RustOwners() : null;
  for (let l = 0; l < lines.length && outline.length < 400; l++) {
    const text = ends.code(l);
    const owner = owners?.ownerAt(l);
    if (owners && /^\s*(?:unsafe\s+)?impl\b/.test(text)) owners.enter(text, ends.endOf(l));
    for (const rule of rules) {
      const m = rule.re.exec(text);
      if (!m) continue;
      const name = m[1] as string;
      if (["if", "for", "while", "switch", "return", "sizeof"].includes(name)) break;
      const original = lines[l] as string;
      const method = owner !== undefined && rule.kind === "function";
      const result: OutlineItem = {
        kind: method ? "method" : rule.kind,
        name: method ? `${owner}.${name}` : name,
        exported: rule.exported(m, original, l > 0 ? (lines[l - 1] as string) : ""),
        line: l + 1,
        endLine: ends.endOf(l),
        signature: shorten(withoutTrailing(original, "{"), 160),
      };
      const doc = commentAbove(lines, l);
      if (doc) result.doc = doc;
      outline.push(result);
      if (owners && rule.kind === "interface") owners.enter(text, result.endLine as number);
      break;
    }
  }
  return { outline, specifiers: [] };
}

/**
 * The lines rules are matched on and each declaration's last line: masked brace blocks for
 * the brace languages, `end` by indentation for Ruby, else the declaration's own line.
 */
function blockEnds(source: string, language: string, lines: string[]) {
  const dialect = dialectOf(language);
  if (dialect) {
    const blocks = new BraceBlocks(maskSource(source, dialect));
    return { code: (l: number) => blocks.code(l), endOf: (l: number) => blocks.endOf(l) };
  }
  const byIndent = language === "ruby";
  return {
    code: (l: number) => lines[l] as string,
    endOf: (l: number) => (byIndent ? indentedEnd(lines, l) : l + 1),
  };
}

function commentAbove(lines: string[], l: number): string | undefined {
  const body: string[] = [];
  for (let k = l - 1; k >= 0 && k > l - 40; k--) {
    const t = (lines[k] as string).trim();
    // Attributes and annotations sit between a doc comment and its item.
    if (/^(?:#!?\[.*\]|@[A-Za-z][\w.]*(?:\(.*\))?)$/.test(t)) continue;
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
