/**
 * Mermaid checks with mermaid's own parser (the one the web reader renders with). Mermaid
 * needs a DOM only for its sanitiser: a jsdom window is lent while mermaid loads and removed
 * right after, so nothing else in the process (the Anthropic SDK checks for `window`) sees it.
 */

export interface MermaidBlock {
  /** 1-based line of the opening fence in the markdown. */
  line: number;
  source: string;
}

type Parser = { parse(text: string): Promise<unknown> };
let parserPromise: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  const { JSDOM } = await import("jsdom");
  const g = globalThis as { window?: unknown };
  const had = "window" in g;
  const previous = g.window;
  g.window = new JSDOM("").window;
  try {
    const mod = (await import("mermaid")) as { default: Parser & { initialize(c: object): void } };
    mod.default.initialize({ startOnLoad: false, securityLevel: "strict" });
    return mod.default;
  } finally {
    if (had) g.window = previous;
    else delete g.window;
  }
}

/** The ```mermaid fenced blocks of a markdown text (fences inside other code blocks are ignored). */
export function mermaidBlocks(markdown: string): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[1] as string;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j] as string);
      if (
        close &&
        (close[1] as string)[0] === fence[0] &&
        (close[1] as string).length >= fence.length
      )
        break;
      body.push(lines[j] as string);
    }
    if (open[2] === "mermaid") blocks.push({ line: i + 1, source: body.join("\n") });
    i = j;
  }
  return blocks;
}

/** null when the diagram parses, else the parser's message (first lines). */
export async function mermaidError(source: string): Promise<string | null> {
  parserPromise ??= loadParser();
  const parser = await parserPromise;
  try {
    await parser.parse(source);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.split("\n").slice(0, 4).join(" ").replace(/\s+/g, " ").slice(0, 300);
  }
}
