/**
 * A README section as clean Markdown for the course: fenced code kept as it is; around it,
 * HTML (logos, badge rows, centred titles) reduced to its text, badges and images dropped,
 * links to repository files reduced to their text, reference definitions dropped, setext
 * and RST titles made bold lines, license lines dropped, a URL alone on its line made an
 * autolink. Read by prose/index.ts (the overview's "what it is" and "getting started", the
 * tutorials' setup step).
 */
import { directiveBlock } from "./blocks.ts";
import { LICENSE, UNDERLINE } from "./boilerplate.ts";
import { markupAsMarkdown, plainOutsideCode } from "./inline.ts";
import { definitionLabels, REF_DEFINITION, unwrapShortcuts } from "./links.ts";

const FENCE = /^\s*(`{3,}|~{3,})/;

/**
 * A title over an underline (setext `Title` / `-----`, RST `Title` / `~~~~~`) as a bold
 * line; an underline or overline with no title above is dropped.
 */
function titlesAsBold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out.at(-1) ?? "";
    const underline = UNDERLINE.test(line) || /^\s{0,3}-{2,}\s*$/.test(line);
    if (!underline) out.push(line);
    else if (previous.trim() !== "" && !/^\s*([-*+>|#]|\d+\.)/.test(previous))
      out[out.length - 1] = `**${previous.trim()}**`;
    else if (/^\s*-{3,}\s*$/.test(line) && previous.trim() === "") out.push("---");
  }
  return out;
}

/** Prose lines (no fence among them) cleaned as one piece: HTML may span lines. */
function cleanChunk(lines: string[]): string[] {
  const labels = definitionLabels(lines);
  const kept = titlesAsBold(lines.filter((l) => !REF_DEFINITION.test(l)));
  const text = plainOutsideCode(unwrapShortcuts(markupAsMarkdown(kept.join("\n")), labels));
  // Text out of indented HTML would read as an indented code block: HTML chunks are flush left.
  const html = /<\/?[A-Za-z]/.test(kept.join("\n"));
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const line = html ? raw.trim() : raw.trimEnd();
    if (LICENSE.test(line)) continue;
    // What HTML left behind (`•`, `|` between dropped badges) is no sentence.
    if (line.trim() !== "" && !/[\p{L}\p{N}]/u.test(line)) continue;
    out.push(/^\s*https?:\/\/\S+$/.test(line) ? `<${line.trim()}>` : line);
  }
  return out;
}

/** RST directives of a `README.rst` (`.. image::`, `.. code-block::`) as Markdown or nothing. */
function withoutDirectives(lines: string[]): string[] {
  if (!lines.some((l) => l.startsWith(".."))) return lines;
  const out: string[] = [];
  let fence = false;
  for (let i = 0; i < lines.length; ) {
    if (FENCE.test(lines[i] as string)) fence = !fence;
    const block = fence ? null : directiveBlock(lines, i, "", (t) => t);
    if (block) {
      append(out, block.lines);
      out.push("");
      i = block.next;
    } else out.push(lines[i++] as string);
  }
  return out;
}

/** Lines one by one, not spread: a README may hold more lines than a call has arguments. */
function append(out: string[], lines: string[]): void {
  for (const line of lines) out.push(line);
}

/** A README section as Markdown prose with its code blocks. */
export function readmeProse(markdown: string): string {
  const out: string[] = [];
  let chunk: string[] = [];
  let fence: string | null = null;
  for (const line of withoutDirectives(markdown.split(/\r?\n/))) {
    const mark = FENCE.exec(line)?.[1];
    if (fence === null && mark) {
      append(out, cleanChunk(chunk));
      out.push(line);
      chunk = [];
      fence = mark.slice(0, 3);
    } else if (fence !== null) {
      out.push(line);
      if (mark?.startsWith(fence)) fence = null;
    } else chunk.push(line);
  }
  append(out, cleanChunk(chunk));
  return out
    .map((l) => (l.trim() === "" ? "" : l))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
