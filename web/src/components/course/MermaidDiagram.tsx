"use client";
/**
 * A Mermaid diagram drawn in the browser with the real `mermaid` package (loaded on first
 * use). The source is model output: it is drawn without its own configuration or click
 * statements, with securityLevel "strict", SVG-text labels and locked settings, and the
 * SVG is cleaned of anything that loads or links before it enters the page
 * (src/lib/mermaidSafety.ts). When a diagram does not parse or draw, its source is shown
 * instead, with the reason.
 */
import { useEffect, useId, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { diagramSource, mermaidConfig, sanitizeSvg } from "@/lib/mermaidSafety.ts";

type MermaidApi = typeof import("mermaid")["default"];

let mermaidPromise: Promise<MermaidApi> | null = null;
function loadMermaid(): Promise<MermaidApi> {
  mermaidPromise ??= import("mermaid").then((m) => m.default);
  return mermaidPromise;
}

type State =
  | { kind: "loading" }
  | { kind: "drawn"; svg: string }
  | { kind: "failed"; reason: string };

function currentTheme(): "dark" | "default" {
  const explicit = document.documentElement.dataset.theme;
  if (explicit === "dark") return "dark";
  if (explicit === "light") return "default";
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "default";
}

export function MermaidDiagram({ source }: { source: string }) {
  const { t } = useI18n();
  const id = `mermaid-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    let canceled = false;
    setState({ kind: "loading" });
    (async () => {
      try {
        const mermaid = await loadMermaid();
        mermaid.initialize(mermaidConfig(currentTheme()));
        const safeSource = diagramSource(source);
        await mermaid.parse(safeSource);
        const { svg } = await mermaid.render(id, safeSource);
        if (!canceled) setState({ kind: "drawn", svg: sanitizeSvg(svg) });
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
  }, [source, id]);

  if (state.kind === "drawn") {
    return (
      <figure
        className="mermaid-diagram"
        data-state="drawn"
        // Mermaid's output ("strict": DOMPurify on labels), cleaned again by sanitizeSvg.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: see above.
        dangerouslySetInnerHTML={{ __html: state.svg }}
      />
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
