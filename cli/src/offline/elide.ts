/**
 * The outline quote of a declaration too long to quote whole (read by excerpts.ts): its first
 * lines, cut at a paragraph break when one is near the end of the window, then a comment in
 * the language's own syntax saying how many lines are left out, then the declaration's
 * closing line. The quote stays code a reader can take for the real thing, just shortened.
 */

/** Line comment of each language, for the "… N lines …" marker; `//` elsewhere. */
const LINE_COMMENT: Record<string, string> = {
  python: "#",
  ruby: "#",
  shell: "#",
  r: "#",
  julia: "#",
  elixir: "#",
  powershell: "#",
  sql: "--",
  lua: "--",
  haskell: "--",
  erlang: "%",
  ocaml: "(*",
  clojure: ";;",
};

/**
 * `head`: the declaration's first lines plus one (the first line left out); `last`: its closing
 * line; `total`: its length in lines. The quote has `head.length + 1` lines at most.
 */
export function elidedExcerpt(
  head: string[],
  last: string,
  total: number,
  language: string | null,
): { code: string; elided: number } {
  let kept = head.length - 1;
  // A blank line in the second half of the window is a cleaner place to stop.
  for (let k = kept - 1; k >= Math.ceil(kept / 2); k--) {
    if ((head[k] as string).trim() === "") {
      kept = k;
      break;
    }
  }
  while (kept > 1 && (head[kept - 1] as string).trim() === "") kept--;
  const shown = head.slice(0, kept);
  const elided = total - kept - 1;
  const indent = bodyIndent(head, last);
  const comment = (language && LINE_COMMENT[language]) || "//";
  const close = comment === "(*" ? " *)" : "";
  const marker = `${indent}${comment} … ${elided} lines …${close}`;
  const closer = unclosedText(shown, comment === "#");
  return { code: [...shown, ...(closer ? [closer] : []), marker, last].join("\n"), elided };
}

const indentOf = (line: string) => /^\s*/.exec(line)?.[0] ?? "";

/**
 * The indentation of the declaration's body, for the marker: the shallowest non-blank line
 * below the first that is deeper than it (a parameter list or a docstring line at column 0
 * does not set it); the closing line's when there is none.
 */
function bodyIndent(head: string[], last: string): string {
  const outer = indentOf(head[0] ?? "").length;
  let best: string | null = null;
  for (const line of head.slice(1)) {
    if (line.trim() === "") continue;
    const indent = indentOf(line);
    if (indent.length > outer && (best === null || indent.length < best.length)) best = indent;
  }
  return best ?? indentOf(last);
}

/**
 * When the cut falls inside a docstring or a block comment, the line that closes it (at the
 * opening's indentation), so the marker and the closing line read as code again.
 */
export function unclosedText(shown: string[], tripleQuotes: boolean): string | null {
  const text = shown.join("\n");
  const opening = (at: number) => {
    const lineStart = text.lastIndexOf("\n", at) + 1;
    return /^\s*/.exec(text.slice(lineStart))?.[0] ?? "";
  };
  if (tripleQuotes) {
    for (const quote of ['"""', "'''"]) {
      const count = text.split(quote).length - 1;
      if (count % 2 === 1) return `${opening(text.lastIndexOf(quote))}${quote}`;
    }
    return null;
  }
  const open = text.lastIndexOf("/*");
  if (open === -1 || text.lastIndexOf("*/") > open) return null;
  return `${opening(open)} */`;
}
