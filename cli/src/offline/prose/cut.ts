/**
 * Markdown cut to a length the way a reader expects: at a line boundary, never inside a code
 * fence, and never in the middle of a sentence (text cut upstream, such as a README section
 * at the code map's limit, ends at its last whole sentence). Read by the offline chapters and
 * tutorials (through `safeMarkdown`).
 */

const FENCE = /^\s*(```|~~~)/;
/** A paragraph of plain sentences (not a list, table, quote, heading, code or HTML). */
const PLAIN = /^\s*[^\s\-*+|>#`<\d]/;

/** Without a last paragraph's unfinished sentence ("… happy users. How can you ef"). */
function endAtSentence(text: string): string {
  const start = text.lastIndexOf("\n\n") + 2;
  const last = text.slice(start);
  if (!PLAIN.test(last) || /[.!?:;)\]"'*_`]$/.test(last)) return text;
  const ends = [...last.matchAll(/[.!?](?=\s)/g)];
  const end = ends.at(-1);
  return end?.index === undefined ? text : text.slice(0, start + end.index + 1);
}

export function cutMarkdown(text: string, max: number): string {
  const newline = text.lastIndexOf("\n", max);
  let cut = text.length > max ? text.slice(0, newline > 0 ? newline : max) : text;
  const fences = cut.split("\n").filter((l) => FENCE.test(l)).length;
  if (fences % 2 === 1)
    cut = cut.slice(
      0,
      cut.lastIndexOf("\n```") >= 0 ? cut.lastIndexOf("\n```") : cut.lastIndexOf("\n~~~"),
    );
  return endAtSentence(cut.trim());
}
