/**
 * A rehype plugin run by Markdown.tsx: an inline citation the lesson writes as code
 * (`src/a.ts:10-24`) becomes a link to the source viewer at those lines. Code inside a
 * block (`pre`) or already inside a link is left as it is.
 */
import type { Element, Root } from "hast";
import { parseInlineCitation, type SourceLinkContext, sourceHref } from "./sourceLinks.ts";

export function rehypeCitationLinks(ctx?: SourceLinkContext) {
  return (tree: Root) => {
    if (!ctx) return;
    const visit = (node: Root | Element, inside: boolean) => {
      for (const [i, child] of node.children.entries()) {
        if (child.type !== "element") continue;
        const skip = inside || child.tagName === "pre" || child.tagName === "a";
        if (!skip && child.tagName === "code" && child.children.length === 1) {
          const text = child.children[0];
          const cited = text?.type === "text" ? parseInlineCitation(text.value) : null;
          const href = cited ? sourceHref(ctx, cited.path, cited.lines) : null;
          if (href) {
            node.children[i] = {
              type: "element",
              tagName: "a",
              properties: { href, className: ["citation-link"] },
              children: [child],
            };
            continue;
          }
        }
        visit(child, skip);
      }
    };
    visit(tree, false);
  };
}
