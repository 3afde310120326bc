/**
 * Mermaid flowcharts built from the module graph. Ids are generated (m0, m1...) and labels
 * are quoted with quotes escaped, so any folder or file name gives a diagram that parses.
 */

export interface Node {
  id: string;
  label: string;
  /** Highlight this node (the module a chapter is about). */
  focus?: boolean;
}

export interface Edge {
  from: string;
  to: string;
  label?: string;
}

const MAX_EDGES = 60;

function quote(text: string): string {
  return `"${text
    .replace(/"/g, "#quot;")
    .replace(/[\r\n]+/g, " ")
    .slice(0, 80)}"`;
}

export function flowchart(nodes: Node[], edges: Edge[], direction: "LR" | "TD" = "LR"): string {
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = [`flowchart ${direction}`];
  for (const n of nodes) lines.push(`  ${ids.get(n.id)}[${quote(n.label)}]`);
  for (const e of edges.slice(0, MAX_EDGES)) {
    const a = ids.get(e.from);
    const b = ids.get(e.to);
    if (!a || !b) continue;
    lines.push(e.label ? `  ${a} -->|${quote(e.label)}| ${b}` : `  ${a} --> ${b}`);
  }
  const focused = nodes.filter((n) => n.focus).map((n) => ids.get(n.id));
  if (focused.length > 0) {
    lines.push("  classDef focus stroke-width:3px");
    lines.push(`  class ${focused.join(",")} focus`);
  }
  return lines.join("\n");
}

export function mermaidBlock(diagram: string): string {
  return `\`\`\`mermaid\n${diagram}\n\`\`\``;
}
