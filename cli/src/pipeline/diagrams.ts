/**
 * Mermaid in lessons. Model-written diagrams are parsed with mermaid's own parser (the one
 * the output writer checks with), so a broken one goes back to the model or is dropped
 * before the run pays for the rest.
 * Each chapter also gets a diagram compiled from the step-2 relationships, which is valid
 * by construction (ids are slugs, labels are quoted and escaped).
 */
import type { Abstraction, Relationship } from "@fondation/shared";
import { mermaidError } from "../output/mermaid.ts";

const MERMAID_BLOCK = /^```mermaid[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;

/** Remove the diagrams mermaid's parser rejects; returns its messages (for a repair round). */
export async function dropBrokenDiagrams(markdown: string): Promise<{
  markdown: string;
  problems: string[];
  kept: number;
}> {
  const verdicts: (string | null)[] = [];
  for (const m of markdown.matchAll(MERMAID_BLOCK)) verdicts.push(await mermaidError(m[1] ?? ""));
  const problems: string[] = [];
  let kept = 0;
  let next = 0;
  const out = markdown.replace(MERMAID_BLOCK, (block) => {
    const problem = verdicts[next++];
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
