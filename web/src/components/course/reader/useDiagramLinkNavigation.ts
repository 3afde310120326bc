"use client";
/**
 * A click on a diagram node's lesson link (diagramLinks.ts; Enter on it clicks too) moves
 * client-side, as the sidebar's links do, instead of loading the whole app again (used by
 * the reader page). Modified clicks (new tab, new window) are left to the browser.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function useDiagramLinkNavigation(): void {
  const router = useRouter();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.(".mermaid-diagram a.diagram-link");
      const href = link?.getAttribute("href");
      // Only the reader's own lesson paths (lessonHref), never anything else an SVG might hold.
      if (!href?.startsWith("/courses/")) return;
      event.preventDefault();
      router.push(href);
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [router]);
}
