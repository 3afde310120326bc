/**
 * A whole doc comment or docstring (several lines) as Markdown: prose paragraphs cleaned by
 * the caller's line cleaner; examples kept as code blocks in the right language (Python
 * doctests, `::` literal blocks and `.. code-block:: x`, Markdown fences, rustdoc fences
 * without their hidden `# ` lines); parameters (`:param x:`, `@param {T} x`) as a short list;
 * other directives, fields and tags dropped with their indented bodies. Read by prose/index.ts.
 */

type Clean = (line: string) => string;
interface Block {
  lines: string[];
  next: number;
}

const RUST_ATTRS = /^(rust|ignore|no_run|should_panic|compile_fail|edition\d+|)$/;
const CODE_DIRECTIVE = /^\.\.\s+(?:code-block|code|sourcecode)::\s*(\w*)/;
const LABELS: Record<string, string> = {
  note: "Note:",
  warning: "Warning:",
  tip: "Tip:",
  important: "Important:",
  seealso: "See also:",
  versionadded: "New in version",
  versionchanged: "Changed in version",
  deprecated: "Deprecated since version",
};
const PARAM =
  /^(?::(?:param|parameter|arg|argument|key|keyword)\s+(?:[\w.[\], ]{1,100}\s)?(\*{0,2}\w+):|@(?:param|arg|argument)\s+(?:\{[^}]{0,200}\}\s*)?\[?(\w[\w.]{0,100})[^\]\s]{0,100}\]?\s*-?)\s*(.*)$/;
const RETURNS = /^(?::returns?:|@returns?\b\s*(?:\{[^}]{0,200}\})?)\s*(.*)$/;
const RAISES = /^(?::raises?\s+([\w.]{1,200}):|@throws?\s+\{([^}]{1,200})\})\s*(.*)$/;
/** Fields and tags a reader does not need once the code is shown. */
const DROPPED = /^(:\w+(\s[^:]{0,200})?:|@\w+)/;

const isIndented = (l: string) => /^(\t| {2,})\S/.test(l);

/** Common indentation of the lines after the first (a docstring's own) removed. */
function dedent(lines: string[]): string[] {
  let indent = 80; // a loop, not Math.min(...lines): a long comment would overflow the stack
  for (const l of lines.slice(1))
    if (l.trim() !== "") indent = Math.min(indent, l.length - l.trimStart().length);
  return [lines[0]?.trim() ?? "", ...lines.slice(1).map((l) => l.slice(indent).trimEnd())];
}

function fenced(lang: string, lines: string[]): string[] {
  while (lines.at(-1)?.trim() === "") lines.pop();
  while (lines[0]?.trim() === "") lines.shift();
  return lines.length === 0 ? [] : [`\`\`\`${lang}`, ...lines, "```", ""];
}

/** The indented lines from `i` on (blank lines inside kept), dedented. */
function indentedBlock(lines: string[], i: number): Block {
  let j = i;
  while (j < lines.length && (lines[j] === "" || isIndented(lines[j] as string))) j++;
  const body = lines.slice(i, j);
  return { lines: dedent(["", ...body]).slice(1), next: j };
}

/** A Markdown fence from line `i`: rust doc-tests get their language, hidden lines go. */
function fenceBlock(lines: string[], i: number, lang: string): Block {
  const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] as string);
  const mark = (open?.[1] ?? "```").slice(0, 3);
  const info = open?.[2] ?? "";
  const rust = lang === "rust" && RUST_ATTRS.test(info);
  let j = i + 1;
  while (j < lines.length && !(lines[j] as string).trim().startsWith(mark)) j++;
  const body = lines.slice(i + 1, j).filter((l) => !(rust && /^\s*#(\s|$)/.test(l)));
  return { lines: fenced(rust ? "rust" : info || lang, body), next: j + 1 };
}

function fieldItem(line: string, clean: Clean): string | null {
  const p = PARAM.exec(line);
  if (p) return `- \`${p[1] ?? p[2]}\`${p[3] ? `: ${clean(p[3])}` : ""}`;
  const r = RAISES.exec(line);
  if (r) return `- Raises \`${r[1] ?? r[2]}\`${r[3] ? `: ${clean(r[3])}` : ""}`;
  const ret = RETURNS.exec(line);
  return ret?.[1] ? `- Returns: ${clean(ret[1])}` : null;
}

/**
 * An RST directive at line `i` with its indented body: a code block in its language, an
 * admonition or version note as a sentence, anything else (`.. image::`, `.. _target:`, a
 * `.. comment`) dropped. Null when line `i` is not one.
 */
export function directiveBlock(
  lines: string[],
  i: number,
  lang: string,
  clean: Clean,
): Block | null {
  const line = lines[i] as string;
  if (!/^\.\.(\s|$)/.test(line)) return null;
  const body = indentedBlock(lines, i + 1);
  const code = CODE_DIRECTIVE.exec(line);
  if (code) {
    const kept = body.lines.filter((l) => !/^:\w+:/.test(l.trim()));
    return { lines: fenced(code[1] || lang, kept), next: body.next };
  }
  const directive = /^\.\.\s+([\w-]+)::\s*(.*)$/.exec(line);
  const label = directive ? LABELS[directive[1] as string] : undefined;
  if (!directive || !label) return { lines: [], next: body.next };
  // `.. versionchanged:: 1.0` reads "Changed in version 1.0: …".
  const head = label.endsWith(":") || !directive[2] ? label : `${label} ${directive[2]}:`;
  const rest = label.endsWith(":") ? `${directive[2]} ` : "";
  const text = clean(`${head} ${rest}${body.lines.join(" ")}`);
  return { lines: text ? [text, ""] : [], next: body.next };
}

/** The block that starts at line `i` when it is not a prose line, else null. */
function special(lines: string[], i: number, lang: string, clean: Clean): Block | null {
  const line = lines[i] as string;
  if (/^(`{3,}|~{3,})/.test(line.trim())) return fenceBlock(lines, i, lang);
  if (line.startsWith(">>>")) {
    let j = i;
    while (j < lines.length && lines[j] !== "") j++;
    return { lines: fenced("python", lines.slice(i, j)), next: j };
  }
  const directive = directiveBlock(lines, i, lang, clean);
  if (directive) return directive;
  const item = fieldItem(line, clean);
  if (item) return { lines: [item], next: indentedBlock(lines, i + 1).next };
  if (line.startsWith("@example")) {
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).startsWith("@")) j++;
    return { lines: fenced(lang, lines.slice(i + 1, j)), next: j };
  }
  if (DROPPED.test(line)) return { lines: [], next: indentedBlock(lines, i + 1).next };
  if (isIndented(line)) {
    const body = indentedBlock(lines, i);
    return { lines: fenced(lang, body.lines), next: body.next };
  }
  return null;
}

export function docBlocks(text: string, language: string | null, clean: Clean): string {
  const lang = language ?? "";
  const lines = dedent(text.split(/\r?\n/));
  const out: string[] = [];
  // A list item runs on into what follows it unless a blank line ends the list.
  // Lines one by one, not spread: a block may hold more lines than a call has arguments.
  const push = (more: string[]) => {
    const first = more[0];
    if (first !== undefined && !first.startsWith("- ") && out.at(-1)?.startsWith("- "))
      out.push("");
    for (const line of more) out.push(line);
  };
  let para: string[] = [];
  const endParagraph = () => {
    const line = para.length > 0 ? clean(para.join(" ")) : "";
    if (line) push([line, ""]);
    para = [];
  };
  for (let i = 0; i < lines.length; ) {
    const block = special(lines, i, lang, clean);
    if (block) {
      endParagraph();
      push(block.lines);
      i = block.next;
      continue;
    }
    const line = (lines[i] as string).trim();
    if (line === "") endParagraph();
    // `Example::` introduces a literal block: the colon stays, the block is code.
    else para.push(line.endsWith("::") ? line.slice(0, -1) : line);
    i++;
  }
  endParagraph();
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
