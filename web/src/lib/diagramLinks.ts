/**
 * Links from a diagram's nodes to the lessons they name (run by MermaidDiagram.tsx on the
 * SVG after sanitizeSvg, which strips every link: these are the only ones a diagram has).
 * A node whose label is a lesson's title — or starts with it, before " · " as in the CLI's
 * module graph (`Storage · src/storage`) — is wrapped in an SVG link to that lesson. The
 * hrefs are built by the caller with lessonHref only; nothing of the label goes in them.
 */

export interface DiagramTarget {
  title: string;
  href: string;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();

function targetOf(label: string, byTitle: Map<string, DiagramTarget>): DiagramTarget | undefined {
  const text = norm(label);
  return byTitle.get(text) ?? byTitle.get(norm(text.split("·")[0] ?? ""));
}

export function linkDiagramNodes(svg: string, targets: readonly DiagramTarget[]): string {
  if (targets.length === 0) return svg;
  const byTitle = new Map(targets.map((t) => [norm(t.title), t]));
  const doc = new DOMParser().parseFromString(`<body>${svg}</body>`, "text/html");
  let linked = 0;
  // Flowchart, class and state nodes are `g.node`; their text is the label.
  for (const node of doc.body.querySelectorAll("svg g.node")) {
    // SVG labels are split in a tspan per word or line: join them as words.
    const words: string[] = [];
    const walker = doc.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) words.push(t.nodeValue ?? "");
    const label = words.join(" ");
    const target = targetOf(label, byTitle);
    if (!target || node.closest("a")) continue;
    const link = doc.createElementNS(SVG_NS, "a");
    link.setAttribute("href", target.href);
    link.setAttribute("class", "diagram-link");
    // Named by its own label text (axe: the visible text is the name).
    node.replaceWith(link);
    link.append(node);
    linked++;
  }
  return linked === 0 ? svg : doc.body.innerHTML;
}
