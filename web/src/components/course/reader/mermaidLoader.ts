/**
 * The Mermaid bundle, loaded once per page (read by MermaidDiagram.tsx and useLessonQuery.ts):
 * the reader starts the download as soon as a lesson's text holds a diagram, so drawing does
 * not wait for each diagram to mount first.
 */
export type MermaidApi = typeof import("mermaid")["default"];

let mermaidPromise: Promise<MermaidApi> | null = null;

export function loadMermaid(): Promise<MermaidApi> {
  if (!mermaidPromise) {
    const loading = import("mermaid").then((m) => m.default);
    // A failed download (offline for a moment) may be tried again by the next diagram.
    loading.catch(() => {
      if (mermaidPromise === loading) mermaidPromise = null;
    });
    mermaidPromise = loading;
  }
  return mermaidPromise;
}

/** A fenced ```mermaid block (or ~~~mermaid) anywhere in the markdown. */
export function hasMermaidBlock(markdown: string): boolean {
  return /^\s*(?:```+|~~~+)\s*mermaid\b/m.test(markdown);
}
