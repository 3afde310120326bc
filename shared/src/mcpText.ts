/**
 * The text an agent reads from the MCP tools, the same over stdio (cli/src/mcp/tools.ts)
 * and over HTTP (web/src/lib/mcp/tools.ts): the outline of a course and the empty search.
 */

export interface OutlineLesson {
  kind: "chapter" | "tutorial";
  slug: string;
  title: string;
}

/** A course's title, summary, then its chapters and tutorials numbered, with their slugs. */
export function outlineText(title: string, summary: string, lessons: OutlineLesson[]): string {
  const lines = [`# ${title}`, "", summary, ""];
  for (const kind of ["chapter", "tutorial"] as const) {
    const ofKind = lessons.filter((l) => l.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(kind === "chapter" ? "## Chapters" : "## Tutorials");
    for (const [i, l] of ofKind.entries()) lines.push(`${i + 1}. ${l.title} (slug: ${l.slug})`);
    lines.push("");
  }
  lines.push("Read one with read_lesson and its slug.");
  return lines.join("\n");
}

export function noSearchHitsText(query: string): string {
  return `Nothing matches "${query}". Try names of functions, types or files.`;
}
