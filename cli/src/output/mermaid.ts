/**
 * Mermaid checks with mermaid's own parser (the one the web reader renders with), loaded on
 * the first check and once per process.
 *
 * Mermaid cleans label text with DOMPurify, which needs a DOM; a CLI has none. Lending a
 * jsdom window cost about two seconds per process, for a cleaning step that cannot change
 * whether a diagram parses. So, when (and only when) DOMPurify found no DOM and is inert
 * anyway, its instance gets a pass-through `sanitize` and a no-op `addHook`. Nothing in this
 * process renders the diagrams: the web app draws them with its own, DOM-backed, mermaid.
 */

export interface MermaidBlock {
  /** 1-based line of the opening fence in the markdown. */
  line: number;
  source: string;
}

type Parser = { parse(text: string): Promise<unknown> };
let parserPromise: Promise<Parser> | undefined;

type Purifier = {
  isSupported?: boolean;
  sanitize?: (dirty: unknown) => string;
  addHook?: (...args: unknown[]) => void;
};

async function loadParser(): Promise<Parser> {
  // The same module instance mermaid imports (one package in the store, one bundle module).
  const purify = (await import("dompurify")).default as unknown as Purifier;
  if (!purify.isSupported && purify.sanitize === undefined) {
    purify.sanitize = (dirty) => String(dirty);
    purify.addHook = () => {};
  }
  const mod = (await import("mermaid")) as { default: Parser & { initialize(c: object): void } };
  mod.default.initialize({ startOnLoad: false, securityLevel: "strict" });
  return mod.default;
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

/** Diagram sources known to parse: checked in this process, or vouched for by `trustParsed`. */
const parsed = new Set<string>();

/**
 * Diagrams a previous course's writer already parsed (an `--update` keeps most of them word
 * for word): checking them again would load the parser (seconds) to learn nothing.
 */
export function trustParsed(sources: Iterable<string>): void {
  for (const s of sources) parsed.add(s);
}

/** null when the diagram parses, else the parser's message (first lines). */
export async function mermaidError(source: string): Promise<string | null> {
  if (parsed.has(source)) return null;
  parserPromise ??= loadParser();
  const parser = await parserPromise;
  try {
    await parser.parse(source);
    parsed.add(source);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.split("\n").slice(0, 4).join(" ").replace(/\s+/g, " ").slice(0, 300);
  }
}
