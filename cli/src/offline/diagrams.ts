/**
 * Mermaid flowcharts built from the module graph. Ids are generated (m0, m1...) and labels
 * are quoted with quotes escaped, so any folder or file name gives a diagram that parses.
 * `cappedGraph` keeps a graph readable: at most MAX_NODES nodes, the most connected kept,
 * and no diagram at all when fewer than two nodes or no edge would be left.
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
export const MAX_NODES = 25;

/**
 * The nodes worth drawing: only nodes on an edge, focused ones first, then by how many
 * edges touch them (ties: the order given), at most `cap`; the edges between the kept ones,
 * those of the most connected first, at most MAX_EDGES. `hidden` counts the connected nodes
 * left out. Null when the result would have fewer than two nodes or no edge.
 */
export function cappedGraph(
  nodes: Node[],
  edges: Edge[],
  cap = MAX_NODES,
): { nodes: Node[]; edges: Edge[]; hidden: number } | null {
  const known = new Set(nodes.map((n) => n.id));
  const real = dedupeEdges(
    edges.filter((e) => e.from !== e.to && known.has(e.from) && known.has(e.to)),
  );
  const degree = new Map<string, number>();
  for (const e of real) {
    degree.set(e.from, (degree.get(e.from) ?? 0) + 1);
    degree.set(e.to, (degree.get(e.to) ?? 0) + 1);
  }
  const connected = nodes
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => (degree.get(n.id) ?? 0) > 0)
    .sort(
      (a, b) =>
        Number(b.n.focus ?? false) - Number(a.n.focus ?? false) ||
        (degree.get(b.n.id) ?? 0) - (degree.get(a.n.id) ?? 0) ||
        a.i - b.i,
    );
  const kept = connected.slice(0, cap).sort((a, b) => a.i - b.i);
  const keptIds = new Set(kept.map(({ n }) => n.id));
  const keptEdges = real
    .filter((e) => keptIds.has(e.from) && keptIds.has(e.to))
    .sort(
      (a, b) =>
        (degree.get(b.from) ?? 0) +
        (degree.get(b.to) ?? 0) -
        ((degree.get(a.from) ?? 0) + (degree.get(a.to) ?? 0)),
    )
    .slice(0, MAX_EDGES);
  const drawn = new Set(keptEdges.flatMap((e) => [e.from, e.to]));
  const finalNodes = kept.map(({ n }) => n).filter((n) => drawn.has(n.id));
  if (finalNodes.length < 2 || keptEdges.length === 0) return null;
  return { nodes: finalNodes, edges: keptEdges, hidden: connected.length - finalNodes.length };
}

function dedupeEdges(edges: Edge[]): Edge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}\u0000${e.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

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
