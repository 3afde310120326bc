"use client";
/**
 * The Mermaid theme that matches the page now (read by MermaidDiagram.tsx): `<html
 * data-theme>` when the reader picked one, else the system's scheme. It changes when
 * either does, so diagrams are drawn again in the new theme rather than keeping dark text on
 * a dark page.
 */
import { useSyncExternalStore } from "react";

export type DiagramTheme = "dark" | "default";

function current(): DiagramTheme {
  const explicit = document.documentElement.dataset.theme;
  if (explicit === "dark") return "dark";
  if (explicit === "light") return "default";
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "default";
}

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia?.("(prefers-color-scheme: dark)");
  media?.addEventListener("change", onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => {
    media?.removeEventListener("change", onChange);
    observer.disconnect();
  };
}

export function useDiagramTheme(): DiagramTheme {
  return useSyncExternalStore(subscribe, current, () => "default");
}
