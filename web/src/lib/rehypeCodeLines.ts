/**
 * A rehype plugin run by Markdown.tsx: each code block (`pre > code`, not a diagram) gets the
 * source line numbers of its lines (codeLines.ts) as `data-line-numbers` on the `pre`, and
 * the cited range as `data-source-range` when there is one, read by CodeBlock.tsx. The CLI
 * cites an excerpt in the fence's info string (```ts src/a.ts:12-30) or as inline code just
 * before the fence: a paragraph of its own (chapters) or in the list item's text above the
 * block (tutorials). A range whose length does not fit the block's lines is not its own: the
 * lines are then numbered 1..n (codeLines.ts).
 */
import type { Element, ElementContent, Root } from "hast";
import { lineNumbers, parseRange, type SourceRange } from "./codeLines.ts";

const text = (nodes: readonly ElementContent[]): string =>
  nodes
    .map((n) => (n.type === "text" ? n.value : n.type === "element" ? text(n.children) : ""))
    .join("");

const isBlank = (n: ElementContent) => n.type === "text" && n.value.trim() === "";

/**
 * The range cited just before the block: the paragraph's last inline `code` that is a range
 * (`Open the definition of \`f\` (\`src/a.ts:2-4\`): …`), or such a `code` right before it.
 */
function rangeBefore(siblings: readonly ElementContent[], at: number): SourceRange | null {
  let i = at - 1;
  while (i >= 0 && isBlank(siblings[i] as ElementContent)) i--;
  const prev = siblings[i];
  if (prev?.type !== "element") return null;
  const inline = prev.tagName === "p" ? [...prev.children].reverse() : [prev];
  for (const n of inline) {
    if (n.type !== "element" || n.tagName !== "code") continue;
    const r = parseRange(text(n.children));
    if (r) return r;
  }
  return null;
}

function rangeOfInfo(code: Element): SourceRange | null {
  const meta = (code.data as { meta?: unknown } | undefined)?.meta;
  for (const word of typeof meta === "string" ? meta.split(/\s+/) : []) {
    const r = parseRange(word);
    if (r) return r;
  }
  // ``` src/a.ts:1-9 (no language): the range is taken for the language.
  const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
  for (const c of classes) {
    const r = typeof c === "string" ? parseRange(c.replace(/^language-/, "")) : null;
    if (r) return r;
  }
  return null;
}

function visit(parent: Root | Element): void {
  parent.children.forEach((child, index) => {
    if (child.type !== "element") return;
    if (child.tagName === "pre") {
      const code = child.children.find(
        (c): c is Element => c.type === "element" && c.tagName === "code",
      );
      const classes = code?.properties.className;
      if (!code || (Array.isArray(classes) && classes.includes("language-mermaid"))) return;
      const range = rangeOfInfo(code) ?? rangeBefore(parent.children as ElementContent[], index);
      const numbers = lineNumbers(text(code.children), range);
      child.properties.dataLineNumbers = numbers.map((n) => n ?? "").join(" ");
      if (range) child.properties.dataSourceRange = `${range.path}:${range.start}-${range.end}`;
      return;
    }
    visit(child);
  });
}

export function rehypeCodeLines() {
  return (tree: Root) => visit(tree);
}
