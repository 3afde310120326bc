/** Reader parts: diagram nodes linked to lessons (diagramLinks.ts), headings linked to themselves. */
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/course/Markdown.tsx";
import { hasMermaidBlock } from "@/components/course/reader/mermaidLoader.ts";
import { linkDiagramNodes } from "@/lib/diagramLinks.ts";
import { renderWithI18n } from "./render.tsx";

const node = (label: string) =>
  `<g class="node"><rect></rect><g class="label"><text><tspan>${label}</tspan></text></g></g>`;
// Mermaid writes a tspan per word, with no space between them.
const svg = `<svg>${node("Storage</tspan><tspan>(top-level</tspan><tspan>files)</tspan><tspan>·</tspan><tspan>storage")}${node("Elsewhere")}${node("config")}</svg>`;

describe("linkDiagramNodes", () => {
  it("links a node whose label is (or starts with) a lesson title, with the given href only", () => {
    const out = linkDiagramNodes(svg, [
      { title: "Storage (top-level files)", href: "/courses/c1/storage" },
      { title: "Config", href: "/courses/c1/config" },
    ]);
    const doc = new DOMParser().parseFromString(out, "text/html");
    const links = [...doc.querySelectorAll("a.diagram-link")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "/courses/c1/storage",
      "/courses/c1/config",
    ]);
    expect(links[0]?.textContent).toContain("storage");
    expect(links[0]?.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(doc.querySelectorAll("g.node")).toHaveLength(3);
  });

  it("leaves a diagram naming no lesson as it was", () => {
    expect(linkDiagramNodes(svg, [{ title: "Billing", href: "/courses/c1/billing" }])).toBe(svg);
  });
});

describe("headings and diagrams in lessons", () => {
  it("every heading links to its own anchor", () => {
    const { container } = renderWithI18n(
      <Markdown>{"## First part\n\n### A `detail`\n"}</Markdown>,
    );
    const anchors = [...container.querySelectorAll("h2 a.heading-anchor, h3 a.heading-anchor")];
    expect(anchors.map((a) => a.getAttribute("href"))).toEqual([
      `#${container.querySelector("h2")?.id}`,
      `#${container.querySelector("h3")?.id}`,
    ]);
    expect(container.querySelector("h3 a code")).toHaveTextContent("detail");
  });

  it("spots a lesson with a diagram, to load Mermaid early", () => {
    expect(hasMermaidBlock("Text\n\n```mermaid\nflowchart LR\n```\n")).toBe(true);
    expect(hasMermaidBlock("Text with `mermaid` in it\n\n```ts\nx\n```\n")).toBe(false);
  });
});
