/**
 * A rehype plugin run by Markdown.tsx after rehypeLessonLinks has given headings their ids:
 * the text of every heading with an id becomes a link to itself (`#id`), so each section
 * can be linked to and its URL copied. A heading that already holds a link is left as is
 * (no link inside a link), and so is a heading only for screen readers (GFM's footnotes).
 */
import type { Element, Root } from "hast";

const HEADING = /^h[1-6]$/;

function hasLink(el: Element): boolean {
  return el.children.some((c) => c.type === "element" && (c.tagName === "a" || hasLink(c)));
}

function visit(parent: Root | Element): void {
  for (const child of parent.children) {
    if (child.type !== "element") continue;
    const id = child.properties.id;
    const classes = child.properties.className;
    const hidden = Array.isArray(classes) && classes.includes("sr-only");
    if (HEADING.test(child.tagName) && typeof id === "string" && !hidden && !hasLink(child)) {
      child.children = [
        {
          type: "element",
          tagName: "a",
          properties: { href: `#${encodeURIComponent(id)}`, className: ["heading-anchor"] },
          children: child.children,
        },
      ];
      continue;
    }
    visit(child);
  }
}

export function rehypeHeadingAnchors() {
  return (tree: Root) => visit(tree);
}
