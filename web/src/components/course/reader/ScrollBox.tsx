"use client";
/**
 * A box that scrolls its own wide content (tables, code) so the page never gets wider than
 * the screen (read by Markdown.tsx and CodeBlock.tsx). It is focusable and named, so a
 * keyboard user can scroll it with the arrow keys (axe: scrollable-region-focusable).
 */
import type { ReactNode } from "react";
import "./reader.css";

export function ScrollBox({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className={`scroll-box ${className ?? ""}`} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
