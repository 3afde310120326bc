"use client";
/**
 * A code block of a lesson (rendered by Markdown.tsx): its own horizontal scroll box, the
 * source line numbers of its lines (rehypeCodeLines.ts; blank for the "… N lines …" comment),
 * and a button copying the code — the text only, never the numbers — that says "Copied"
 * to screen readers too.
 */
import type { Element } from "hast";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { ScrollBox } from "./ScrollBox.tsx";

type CopyState = "idle" | "copied" | "failed";

function numbersOf(node: Element | undefined): (number | null)[] {
  const raw = node?.properties?.dataLineNumbers;
  if (typeof raw !== "string") return [];
  return raw.split(" ").map((n) => (n === "" ? null : Number(n)));
}

export function CodeBlock({ node, children }: { node: Element | undefined; children: ReactNode }) {
  const { t } = useI18n();
  const codeRef = useRef<HTMLPreElement>(null);
  const [copy, setCopy] = useState<CopyState>("idle");
  const numbers = numbersOf(node);
  const range = node?.properties?.dataSourceRange;
  const source = typeof range === "string" ? range : null;

  useEffect(() => {
    if (copy === "idle") return;
    const timer = setTimeout(() => setCopy("idle"), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  async function onCopy() {
    const code = codeRef.current?.querySelector("code")?.textContent ?? "";
    try {
      await navigator.clipboard.writeText(code.replace(/\n$/, ""));
      setCopy("copied");
    } catch {
      setCopy("failed");
    }
  }

  return (
    <div className="code-block" data-source-range={source ?? undefined}>
      <div className="code-tools">
        <button type="button" className="code-copy" onClick={onCopy}>
          {copy === "copied" ? t("reader.code.copied") : t("reader.code.copy")}
        </button>
        <span className="visually-hidden" aria-live="polite">
          {copy === "copied"
            ? t("reader.code.copied")
            : copy === "failed"
              ? t("reader.code.copyFailed")
              : ""}
        </span>
      </div>
      <ScrollBox
        className="code-scroll"
        label={source ? t("reader.code.label", { source }) : t("reader.code.labelPlain")}
      >
        {numbers.length > 0 && (
          <pre className="code-lines" aria-hidden="true" data-testid="code-line-numbers">
            {numbers.map((n) => (n === null ? "" : String(n))).join("\n")}
          </pre>
        )}
        <pre ref={codeRef} className="code-text">
          {children}
        </pre>
      </ScrollBox>
    </div>
  );
}
