/**
 * A rehype plugin for a lesson's HTML tree, run by Markdown.tsx: each GFM task-list item
 * (`- [ ] step`) becomes a step the reader can tick. Its checkbox gets the step's key
 * (`data-step-key`, shared/src/progress.ts: its place among the lesson's steps and a hash of
 * its text) and the lesson's number of steps (`data-step-total`), and the checkbox with the
 * item's own text is wrapped in a `label`, so the box is named by that text and a click on
 * the text ticks it. TaskStep.tsx renders the box; a nested list stays outside the label.
 */
import { MAX_STEP_KEYS, stepKey } from "@fondation/shared";
import type { Element, ElementContent, Root } from "hast";

/** Elements that end a step's own text (what follows is a nested list or another block). */
const BLOCK = new Set([
  "ul",
  "ol",
  "p",
  "pre",
  "div",
  "blockquote",
  "table",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
]);

function isCheckbox(node: ElementContent): node is Element {
  return node.type === "element" && node.tagName === "input" && node.properties.type === "checkbox";
}

function isTaskItem(el: Element): boolean {
  const classes = el.properties.className;
  return el.tagName === "li" && Array.isArray(classes) && classes.includes("task-list-item");
}

function textOf(nodes: readonly ElementContent[]): string {
  return nodes
    .map((n) => (n.type === "text" ? n.value : n.type === "element" ? textOf(n.children) : ""))
    .join("");
}

/** The element holding the item's checkbox: the `li` itself, or its first paragraph (a loose list). */
function checkboxParent(li: Element): Element | undefined {
  if (li.children.some(isCheckbox)) return li;
  const first = li.children.find((c): c is Element => c.type === "element");
  return first?.tagName === "p" && first.children.some(isCheckbox) ? first : undefined;
}

/** Wraps the checkbox and the phrasing after it in a `label`; returns that label's text. */
function wrapInLabel(parent: Element): { input: Element; text: string } | undefined {
  const start = parent.children.findIndex(isCheckbox);
  const input = parent.children[start];
  if (start < 0 || !input || input.type !== "element") return undefined;
  let end = start + 1;
  while (end < parent.children.length) {
    const node = parent.children[end];
    if (node?.type === "element" && BLOCK.has(node.tagName)) break;
    end += 1;
  }
  const content = parent.children.slice(start, end);
  const label: Element = { type: "element", tagName: "label", properties: {}, children: content };
  parent.children.splice(start, end - start, label);
  return { input, text: textOf(content.slice(1)) };
}

function taskItems(node: Root | Element, found: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    if (isTaskItem(child)) found.push(child);
    taskItems(child, found);
  }
  return found;
}

/**
 * Keys every step of the lesson, in document order; past MAX_STEP_KEYS (more than any real
 * tutorial) an item keeps its label but no key, and its box stays disabled.
 */
export function rehypeTaskSteps() {
  return (tree: Root) => {
    const steps = taskItems(tree)
      .map(checkboxParent)
      .filter((p): p is Element => p !== undefined)
      .map(wrapInLabel)
      .filter((s): s is { input: Element; text: string } => s !== undefined)
      .slice(0, MAX_STEP_KEYS);
    for (const [index, { input, text }] of steps.entries()) {
      input.properties.dataStepKey = stepKey(index, text);
      input.properties.dataStepTotal = steps.length;
    }
  };
}
