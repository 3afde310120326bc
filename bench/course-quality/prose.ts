/**
 * Which lines of a lesson are prose: the harness's rules (e) junk and (f) links read prose
 * only, so every kind of code block is blanked first — fences at any indentation (a fence
 * inside a numbered tutorial step is indented under its item), ``` and ~~~ fences, and
 * indented code blocks (four spaces past the enclosing list item's content column). Read by
 * score.ts. A simple line matcher after CommonMark's block rules, not a full parser: block
 * quotes and HTML blocks are not followed.
 */

interface Fence {
  char: string;
  length: number;
}

const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( +)\S/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;

function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === " ") width += 1;
    else if (ch === "\t") width += 4 - (width % 4);
    else break;
  }
  return width;
}

function opensFence(trimmed: string): Fence | null {
  const m = FENCE_OPEN.exec(trimmed);
  if (!m) return null;
  const marks = m[1] as string;
  // A backtick fence's info string may not hold a backtick (that is an inline code span).
  if (marks[0] === "`" && (m[2] as string).includes("`")) return null;
  return { char: marks[0] as string, length: marks.length };
}

function closesFence(trimmed: string, fence: Fence): boolean {
  const run = trimmed.length - trimmed.replace(new RegExp(`^\\${fence.char}+`), "").length;
  return run >= fence.length && trimmed.slice(run).trim() === "";
}

/** The markdown with every code line replaced by an empty line (line numbers kept). */
export function maskCodeBlocks(md: string): string {
  const out: string[] = [];
  let fence: Fence | null = null;
  let listContent: number | null = null;
  let inParagraph = false;
  let afterBlank = true;
  for (const line of md.split("\n")) {
    const trimmed = line.trim();
    if (fence) {
      if (closesFence(trimmed, fence)) fence = null;
      out.push("");
      continue;
    }
    if (trimmed === "") {
      out.push(line);
      inParagraph = false;
      afterBlank = true;
      continue;
    }
    const indent = indentOf(line);
    const item = LIST_ITEM.exec(line);
    // A line left of the item's content after a blank line ends the list.
    if (listContent !== null && indent < listContent && afterBlank && !item) listContent = null;
    const base = listContent ?? 0;
    afterBlank = false;
    if (indent >= base + 4) {
      // Indented code, unless it continues the paragraph above (a lazy continuation line).
      if (!inParagraph) {
        out.push("");
        continue;
      }
      out.push(line);
      continue;
    }
    const opened = opensFence(trimmed);
    if (opened) {
      fence = opened;
      inParagraph = false;
      out.push("");
      continue;
    }
    // The item's content starts after its marker and spaces (the match ends on its first character).
    if (item) listContent = item[0].length - 1;
    inParagraph = !/^#{1,6}(\s|$)/.test(trimmed);
    out.push(line);
  }
  return out.join("\n");
}
