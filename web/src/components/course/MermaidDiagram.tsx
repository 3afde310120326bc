"use client";
/**
 * A Mermaid diagram drawn in the browser with the real `mermaid` package (loaded on first
 * use). The source is model output: it is drawn without its own configuration or click
 * statements, with securityLevel "strict", SVG-text labels and locked settings, and the
 * SVG is cleaned of anything that loads or links before it enters the page
 * (src/lib/mermaidSafety.ts). When a diagram does not parse or draw, its source is shown
 * instead, with the reason. It is drawn again when the theme changes; nodes naming a lesson
 * link to it (diagramLinks.ts), and it can be opened full screen and zoomed.
 */
import { useEffect, useId, useMemo, useState } from "react";
import { linkDiagramNodes } from "@/lib/diagramLinks.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import { diagramSource, mermaidConfig, sanitizeSvg } from "@/lib/mermaidSafety.ts";
import { DiagramFullscreen } from "./reader/DiagramFullscreen.tsx";
import { useDiagramTargets } from "./reader/DiagramLinks.tsx";
import { loadMermaid } from "./reader/mermaidLoader.ts";
import { useDiagramTheme } from "./reader/useDiagramTheme.ts";

type State =
  | { kind: "loading" }
  | { kind: "drawn"; svg: string; theme: string }
  | { kind: "failed"; reason: string };

export function MermaidDiagram({ source }: { source: string }) {
  const { t } = useI18n();
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const [state, setState] = useState<State>({ kind: "loading" });
  const theme = useDiagramTheme();
  const targets = useDiagramTargets();
  // Links to lessons go in after sanitizeSvg (which removes every link), hrefs from lessonHref.
  const svg = useMemo(
    () => (state.kind === "drawn" ? linkDiagramNodes(state.svg, targets) : ""),
    [state, targets],
  );

  useEffect(() => {
    let canceled = false;
    // A diagram drawn in the other theme stays on screen until it is drawn again.
    setState((s) => (s.kind === "drawn" ? s : { kind: "loading" }));
    (async () => {
      try {
        const mermaid = await loadMermaid();
        mermaid.initialize(mermaidConfig(theme));
        const safeSource = diagramSource(source);
        await mermaid.parse(safeSource);
        const { svg } = await mermaid.render(id, safeSource);
        if (!canceled) setState({ kind: "drawn", svg: sanitizeSvg(svg), theme });
      } catch (error) {
        // Mermaid leaves an error element behind when render fails; remove it.
        document.getElementById(`d${id}`)?.remove();
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        if (!canceled) setState({ kind: "failed", reason: reason || "unknown error" });
      }
    })();
    return () => {
      canceled = true;
    };
  }, [source, id, theme]);

  if (state.kind === "drawn") {
    return (
      <figure className="mermaid-diagram" data-state="drawn" data-theme={state.theme}>
        <div
          className="mermaid-svg"
          // Mermaid's output ("strict": DOMPurify on labels), cleaned again by sanitizeSvg.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: see above.
          dangerouslySetInnerHTML={{ __html: svg }}
        />
        <DiagramFullscreen svg={svg} />
      </figure>
    );
  }
  if (state.kind === "failed") {
    return (
      <figure className="mermaid-diagram mermaid-failed" data-state="failed">
        <figcaption role="note">{t("mermaid.failed", { message: state.reason })}</figcaption>
        <pre>
          <code className="language-mermaid">{source}</code>
        </pre>
      </figure>
    );
  }
  return (
    <figure className="mermaid-diagram" data-state="loading" aria-busy="true">
      <figcaption className="muted">{t("mermaid.loading")}</figcaption>
      <pre>
        <code className="language-mermaid">{source}</code>
      </pre>
    </figure>
  );
}
