/**
 * A rehype plugin for a lesson's HTML tree, run by Markdown.tsx before React renders it:
 * every heading gets its id (GitHub's anchor behind HEADING_ID_PREFIX, headingIds.ts), then
 * every link is resolved (lessonLinks.ts) — to another lesson's reader URL, to a heading of
 * this page, or, when it names nothing in the course, turned into plain text (a `span`),
 * so the reader never shows a link that leads nowhere.
 */
import type { Element, ElementContent, Root } from "hast";
import { anchorSequence, headingId } from "./headingIds.ts";
import { type LessonLinkContext, resolveLessonLink } from "./lessonLinks.ts";

const HEADING = /^h[1-6]$/;

function elements(node: Root | Element, found: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    found.push(child);
    elements(child, found);
  }
  return found;
}

function textOf(nodes: readonly ElementContent[]): string {
  return nodes
    .map((n) => (n.type === "text" ? n.value : n.type === "element" ? textOf(n.children) : ""))
    .join("");
}

/**
 * Gives each heading its id; returns the anchors given, for `#x` links on this page. A title
 * the page shows itself (dropped from the markdown) still takes its anchor first, so a later
 * heading of the same text is `-1`, as in the lesson's file.
 */
export function assignHeadingIds(tree: Root, strippedTitle?: string): Set<string> {
  const next = anchorSequence();
  if (strippedTitle !== undefined) next(strippedTitle);
  const anchors = new Set<string>();
  for (const el of elements(tree)) {
    // A heading the pipeline named itself (GFM's footnote label) keeps its id.
    if (!HEADING.test(el.tagName) || el.properties.id !== undefined) continue;
    const anchor = next(textOf(el.children));
    anchors.add(anchor);
    el.properties.id = headingId(anchor);
  }
  return anchors;
}

export type LessonLinkOptions = Omit<LessonLinkContext, "anchors"> & { strippedTitle?: string };

export function rehypeLessonLinks(links?: LessonLinkOptions) {
  return (tree: Root) => {
    const anchors = assignHeadingIds(tree, links?.strippedTitle);
    if (!links) return;
    const all = elements(tree);
    // Ids the markdown pipeline made itself (GFM footnotes) are targets as they are.
    const ids = new Set(all.map((el) => el.properties.id).filter((id) => typeof id === "string"));
    for (const el of all) {
      const href = el.properties.href;
      if (el.tagName !== "a" || typeof href !== "string") continue;
      if (href.startsWith("#") && ids.has(href.slice(1))) continue;
      const target = resolveLessonLink(href, { ...links, anchors });
      if (target.kind === "unresolved") {
        el.tagName = "span";
        el.properties = { className: ["unresolved-link"] };
      } else el.properties.href = target.href;
    }
  };
}
