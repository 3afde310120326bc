/**
 * Mermaid in lessons. Model-written diagrams get a structural check here (a known diagram
 * type, balanced brackets); the output writer parses every block with the real parser.
 * Each chapter also gets a diagram compiled from the step-2 relationships, which is valid
 * by construction (ids are slugs, labels are quoted and escaped).
 */
import type { Abstraction, Relationship } from "@fondation/shared";

const MERMAID_BLOCK = /^```mermaid[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
const DIAGRAM_TYPES =
  /^(flowchart|graph|sequenceDiagram|classDiagram|stateDiagram(-v2)?|erDiagram|journey|gantt|pie|mindmap|timeline)\b/;

/** Why a diagram would not render, or null when it looks well-formed. */
export function mermaidProblem(source: string): string | null {
  const firstLine = source.trim().split("\n")[0]?.trim() ?? "";
  if (!DIAGRAM_TYPES.test(firstLine)) return `unknown diagram type "${firstLine.slice(0, 40)}"`;
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  const stack: string[] = [];
  let quoted = false;
  for (const ch of source) {
    if (ch === '"') quoted = !quoted;
    if (quoted) continue;
    if (ch in pairs) stack.push(pairs[ch] as string);
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (stack.pop() !== ch) return "unbalanced brackets";
    }
  }
  if (quoted) return "unclosed quote";
  return stack.length > 0 ? "unbalanced brackets" : null;
}

/** Remove diagrams that fail the check; returns the problems found. */
export function dropBrokenDiagrams(markdown: string): {
  markdown: string;
  problems: string[];
  kept: number;
} {
  const problems: string[] = [];
  let kept = 0;
  const out = markdown.replace(MERMAID_BLOCK, (block, body: string) => {
    const problem = mermaidProblem(body);
    if (problem) {
      problems.push(problem);
      return "";
    }
    kept++;
    return block;
  });
  return { markdown: out, problems, kept };
}

function label(text: string): string {
  return `"${text
    .replace(/"/g, "'")
    .replace(/[\n\r]+/g, " ")
    .slice(0, 60)}"`;
}

/** A flowchart of one abstraction and its direct relationships. */
export function relationshipDiagram(
  focus: string,
  abstractions: Abstraction[],
  relationships: Relationship[],
): string {
  const names = new Map(abstractions.map((a) => [a.id, a.name]));
  const edges = relationships.filter((r) => r.from === focus || r.to === focus);
  const nodes = new Set([focus, ...edges.flatMap((e) => [e.from, e.to])]);
  const node = (id: string) => id.replace(/-/g, "_");
  const lines = ["flowchart LR"];
  for (const id of nodes) lines.push(`  ${node(id)}[${label(names.get(id) ?? id)}]`);
  for (const e of edges) lines.push(`  ${node(e.from)} -->|${label(e.label)}| ${node(e.to)}`);
  return `\`\`\`mermaid\n${lines.join("\n")}\n\`\`\``;
}
