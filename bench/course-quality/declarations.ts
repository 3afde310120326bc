/**
 * The harness's own declaration finder, independent of the CLI's code map: where each
 * declaration of a file starts and ends. Brace languages (JavaScript, TypeScript, Go, Rust)
 * are masked first (strings and comments blanked, line breaks kept) and their braces
 * counted; Python is matched by indentation. Simple on purpose: it only has to be right
 * about the common shapes, and it is the yardstick, not the product.
 */

export type Lang = "js" | "go" | "rust" | "python";

export interface Declaration {
  name: string;
  /** Receiver or class, when the declaration is a method (`Command.Execute`). */
  qualified?: string;
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

export function langOf(path: string): Lang | null {
  if (/\.(m|c)?(j|t)sx?$/.test(path) && !path.endsWith(".d.ts")) return "js";
  if (path.endsWith(".d.ts") || path.endsWith(".d.mts") || path.endsWith(".d.cts")) return "js";
  if (path.endsWith(".go")) return "go";
  if (path.endsWith(".rs")) return "rust";
  if (path.endsWith(".py") || path.endsWith(".pyi")) return "python";
  return null;
}

/** The text with string, character and comment contents replaced by spaces. */
export function mask(text: string, lang: Lang): string {
  const out = text.split("");
  const n = text.length;
  let i = 0;
  let lastSignificant = "";
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < n; k++) if (out[k] !== "\n") out[k] = " ";
  };
  while (i < n) {
    const c = text[i] as string;
    const d = text[i + 1];
    if (lang === "python") {
      if (c === "#") {
        const e = text.indexOf("\n", i);
        const end = e < 0 ? n : e;
        blank(i, end);
        i = end;
        continue;
      }
      if (c === '"' || c === "'") {
        const triple = text.startsWith(c.repeat(3), i);
        const q = triple ? c.repeat(3) : c;
        let k = i + q.length;
        while (k < n) {
          if (text[k] === "\\") {
            k += 2;
            continue;
          }
          if (!triple && text[k] === "\n") break;
          if (text.startsWith(q, k)) break;
          k++;
        }
        blank(i + 1, k);
        i = k + q.length;
        continue;
      }
      i++;
      continue;
    }
    if (c === "/" && d === "/") {
      const e = text.indexOf("\n", i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
      continue;
    }
    if (c === "/" && d === "*") {
      const e = text.indexOf("*/", i + 2);
      const end = e < 0 ? n : e + 2;
      blank(i, end);
      i = end;
      continue;
    }
    if (
      lang === "rust" &&
      c === "r" &&
      (d === '"' || d === "#") &&
      !/[\w]/.test(text[i - 1] ?? "")
    ) {
      const m = /^r(#*)"/.exec(text.slice(i, i + 20));
      if (m) {
        const close = `"${m[1]}`;
        const e = text.indexOf(close, i + m[0].length);
        const end = e < 0 ? n : e + close.length;
        blank(i + m[0].length, end - close.length);
        i = end;
        lastSignificant = '"';
        continue;
      }
    }
    if (lang === "rust" && c === "'") {
      // A char literal ('a', '\n', '\u{1F600}'), else a lifetime: left as code.
      const m = /^'(\\u\{[0-9a-fA-F]+\}|\\.|[^\\'\n])'/.exec(text.slice(i, i + 12));
      if (m) {
        blank(i + 1, i + m[0].length - 1);
        i += m[0].length;
        lastSignificant = "'";
        continue;
      }
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      if (c === "'" && lang === "go") {
        const m = /^'(\\.|[^\\'\n])+'/.exec(text.slice(i, i + 16));
        const end = m ? i + m[0].length : i + 1;
        blank(i + 1, end - 1);
        i = end;
        continue;
      }
      let k = i + 1;
      const raw = c === "`" && lang === "go";
      while (k < n && text[k] !== c) {
        if (text[k] === "\\" && !raw) k++;
        else if (text[k] === "\n" && c !== "`" && lang === "js") break;
        k++;
      }
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = c;
      continue;
    }
    if (lang === "js" && c === "/" && /^$|[(,=:[!&|?{};+\-*%<>~^]$/.test(lastSignificant)) {
      // A regular expression literal.
      let k = i + 1;
      let inClass = false;
      while (k < n && text[k] !== "\n") {
        const ch = text[k];
        if (ch === "\\") k++;
        else if (ch === "[") inClass = true;
        else if (ch === "]") inClass = false;
        else if (ch === "/" && !inClass) break;
        k++;
      }
      if (text[k] === "/") {
        blank(i + 1, k);
        i = k + 1;
        lastSignificant = "/x";
        continue;
      }
    }
    if (!/\s/.test(c)) {
      if (/[\w$]/.test(c)) {
        let k = i;
        while (k < n && /[\w$]/.test(text[k] as string)) k++;
        const word = text.slice(i, k);
        lastSignificant = /^(return|typeof|case|in|of|yield|await|throw|new|delete|void)$/.test(
          word,
        )
          ? "("
          : "w";
        i = k;
        continue;
      }
      lastSignificant = c;
    }
    i++;
  }
  return out.join("");
}

const JS_KEYWORDS = new Set(
  "if for while switch catch function return super new typeof with do else try finally throw await yield import export constructor".split(
    " ",
  ),
);

type Kind = "block" | "statement";

interface Start {
  name: string;
  qualified?: string;
  kind: Kind;
  line: number; // 0-based
}

/** A start rule: a line pattern, the group holding the name, the kind of end to look for. */
interface Rule {
  re: RegExp;
  name: number;
  kind: Kind;
  /** The receiver or impl target, for methods. */
  owner?: number;
  /** The rule opens a class body (JavaScript methods are looked for inside). */
  opensClass?: boolean;
}

function firstMatch(line: string, rules: Rule[]): { rule: Rule; m: RegExpExecArray } | null {
  for (const rule of rules) {
    const m = rule.re.exec(line);
    if (m) return { rule, m };
  }
  return null;
}

const JS_PRE = String.raw`^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?`;
const JS_RULES: Rule[] = [
  {
    re: new RegExp(`${JS_PRE}(?:async\\s+)?function\\s*\\*?\\s*([\\w$]+)`),
    name: 1,
    kind: "block",
  },
  {
    re: new RegExp(`${JS_PRE}(?:abstract\\s+)?class\\s+([\\w$]+)`),
    name: 1,
    kind: "block",
    opensClass: true,
  },
  { re: new RegExp(`${JS_PRE}interface\\s+([\\w$]+)`), name: 1, kind: "block" },
  { re: new RegExp(`${JS_PRE}(?:const\\s+)?enum\\s+([\\w$]+)`), name: 1, kind: "block" },
  { re: new RegExp(`${JS_PRE}(?:namespace|module)\\s+([\\w$]+)\\s*\\{`), name: 1, kind: "block" },
  { re: new RegExp(`${JS_PRE}type\\s+([\\w$]+)\\s*[<=]`), name: 1, kind: "statement" },
  {
    re: new RegExp(`${JS_PRE}(?:const|let|var)\\s+([\\w$]+)\\s*(?::[^=]*)?=`),
    name: 1,
    kind: "statement",
  },
  // `app.use = function use(fn) {`, `exports.x = …`, `Foo.prototype.bar = …`
  { re: /^\s*((?:[\w$]+\.)+[\w$]+)\s*=(?!=)/, name: 1, kind: "statement" },
];
const JS_METHOD =
  /^\s+(?:(?:static|async|get|set|public|private|protected|readonly|override|abstract|declare)\s+)*\*?\s*(#?[\w$]+)\s*(?:<[^>]*>)?\s*\??\s*\(/;

function jsStarts(lines: string[], depths: number[]): Start[] {
  const starts: Start[] = [];
  const classBodies: { depth: number; name: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const depth = depths[i] as number;
    while (classBodies.length && (classBodies.at(-1)?.depth ?? 0) > depth) classBodies.pop();
    const owner = classBodies.at(-1);
    if (owner && owner.depth === depth) {
      const m = JS_METHOD.exec(line);
      if (m && !JS_KEYWORDS.has(m[1] as string))
        starts.push({
          name: m[1] as string,
          qualified: `${owner.name}.${m[1]}`,
          kind: "block",
          line: i,
        });
      continue;
    }
    const hit = firstMatch(line, JS_RULES);
    if (!hit) continue;
    const name = hit.m[hit.rule.name] as string;
    starts.push({ name, kind: hit.rule.kind, line: i });
    if (hit.rule.opensClass) classBodies.push({ depth: depth + 1, name });
  }
  return starts;
}

const GO_RULES: Rule[] = [
  { re: /^func\s+(?:\(\s*\w*\s*\*?\s*(\w+)[^)]*\)\s*)?(\w+)/, name: 2, owner: 1, kind: "block" },
  { re: /^type\s+(\w+)(?:\[[^\]]*\])?\s+(?:struct|interface)\b/, name: 1, kind: "block" },
  { re: /^type\s+(?!\()(\w+)\b/, name: 1, kind: "statement" },
  { re: /^(?:var|const)\s+(\w+)\b/, name: 1, kind: "statement" },
];

const RUST_VIS = String.raw`^\s*(?:pub(?:\s*\([^)]*\))?\s+)?`;
const RUST_RULES: Rule[] = [
  {
    re: new RegExp(
      `${RUST_VIS}(?:(?:const|async|unsafe|default|extern\\s+"[^"]*"|extern)\\s+)*fn\\s+(\\w+)`,
    ),
    name: 1,
    kind: "block",
  },
  {
    re: new RegExp(`${RUST_VIS}(?:unsafe\\s+)?(?:struct|enum|union|trait|mod)\\s+(\\w+)`),
    name: 1,
    kind: "block",
  },
  {
    re: /^\s*(?:unsafe\s+)?impl\b(?:\s*<.*?>)?\s+(?:[!\w:<>, '&]+?\s+for\s+)?(?:[\w]+::)*(\w+)/,
    name: 1,
    owner: 1,
    kind: "block",
  },
  { re: /^\s*macro_rules!\s*(\w+)/, name: 1, kind: "block" },
  {
    re: new RegExp(`${RUST_VIS}(?:type|const|static)\\s+(?:mut\\s+)?(\\w+)`),
    name: 1,
    kind: "statement",
  },
];

function lineStarts(lines: string[], rules: Rule[], implQualifier: boolean): Start[] {
  const starts: Start[] = [];
  for (let i = 0; i < lines.length; i++) {
    const hit = firstMatch(lines[i] as string, rules);
    if (!hit) continue;
    const start: Start = { name: hit.m[hit.rule.name] as string, kind: hit.rule.kind, line: i };
    const owner = hit.rule.owner === undefined ? undefined : hit.m[hit.rule.owner];
    if (owner) start.qualified = implQualifier ? `impl ${owner}` : `${owner}.${start.name}`;
    starts.push(start);
  }
  return starts;
}

const CONTINUES_AFTER = /(=|\(|,|\+|-|\*|\/|\?|:|\||&|=>|\.|\[|\{)\s*$/;
const CONTINUES_BEFORE = /^\s*(\.|\?|:|\||&|\+|-|\*|=>|\))/;

/** Where a brace-language declaration that starts on line `from` (0-based) ends. */
function braceEnd(lines: string[], from: number, kind: Kind): number {
  let depth = 0;
  let sawBrace = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    for (const ch of line) {
      if (ch === "(" || ch === "[" || ch === "{") {
        depth++;
        if (ch === "{") sawBrace = true;
      } else if (ch === ")" || ch === "]" || ch === "}") {
        depth--;
        if (depth <= 0 && ch === "}" && kind === "block") return i;
        if (depth < 0) return i;
      } else if (ch === ";" && depth === 0) return i;
    }
    if (depth === 0 && (kind === "statement" || !sawBrace)) {
      if (kind === "block" && !sawBrace && i === from) continue; // `function f()` then `{` below
      if (kind === "block" && !sawBrace) continue;
      if (CONTINUES_AFTER.test(line)) continue;
      let k = i + 1;
      while (k < lines.length && (lines[k] as string).trim() === "") k++;
      if (k < lines.length && CONTINUES_BEFORE.test(lines[k] as string)) continue;
      return i;
    }
    if (i - from > 20000) break;
  }
  return lines.length - 1;
}

function pythonDeclarations(masked: string[]): Declaration[] {
  const out: Declaration[] = [];
  const stack: { indent: number; name: string }[] = [];
  const indentOf = (s: string) => (/^\s*/.exec(s)?.[0].length ?? 0) as number;
  for (let i = 0; i < masked.length; i++) {
    const line = masked[i] as string;
    const m = /^(\s*)(?:async\s+)?(def|class)\s+(\w+)/.exec(line);
    if (!m) continue;
    const indent = (m[1] as string).length;
    while (stack.length && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
    // The header ends where its brackets close on a line ending with ':'.
    let depth = 0;
    let h = i;
    for (; h < masked.length; h++) {
      for (const ch of masked[h] as string) {
        if ("([{".includes(ch)) depth++;
        else if (")]}".includes(ch)) depth--;
      }
      if (depth === 0 && (masked[h] as string).includes(":")) break;
    }
    let end = h;
    const headerLine = masked[h] as string;
    const inlineBody = /:\s*\S/.test(headerLine.slice(headerLine.lastIndexOf(":")));
    if (!inlineBody) {
      for (let k = h + 1; k < masked.length; k++) {
        const s = masked[k] as string;
        if (s.trim() === "") continue;
        if (indentOf(s) <= indent) break;
        end = k;
      }
    }
    const decl: Declaration = { name: m[3] as string, start: i + 1, end: end + 1 };
    const owner = stack.at(-1);
    if (owner) decl.qualified = `${owner.name}.${m[3]}`;
    out.push(decl);
    stack.push({ indent, name: m[3] as string });
  }
  return out;
}

/** Every declaration of a file the harness can see, with its extent. */
export function declarationsOf(path: string, text: string): Declaration[] {
  const lang = langOf(path);
  if (!lang) return [];
  const masked = mask(text, lang).split("\n");
  if (lang === "python") return pythonDeclarations(masked);
  const depths: number[] = [];
  let depth = 0;
  for (const line of masked) {
    depths.push(depth);
    for (const ch of line) {
      if (ch === "{") depth++;
      else if (ch === "}") depth = Math.max(0, depth - 1);
    }
  }
  const starts =
    lang === "js"
      ? jsStarts(masked, depths)
      : lineStarts(masked, lang === "go" ? GO_RULES : RUST_RULES, lang === "rust");
  return starts.map((s) => {
    const decl: Declaration = {
      name: s.name,
      start: s.line + 1,
      end: braceEnd(masked, s.line, s.kind) + 1,
    };
    if (s.qualified) decl.qualified = s.qualified;
    return decl;
  });
}

/** Lines that may sit between a citation's first line and the declaration it cites. */
export function isLeadingLine(maskedLine: string): boolean {
  const t = maskedLine.trim();
  return t === "" || t.startsWith("@") || t.startsWith("#[") || t.startsWith("#![");
}
