"use client";
/**
 * The lessons a diagram may link to (provided by LessonView, read by MermaidDiagram): each
 * course lesson's title and its reader URL (lessonHref). Outside a course: none.
 */
import { createContext, useContext } from "react";
import type { DiagramTarget } from "@/lib/diagramLinks.ts";

const DiagramLinksContext = createContext<readonly DiagramTarget[]>([]);

export const DiagramLinksProvider = DiagramLinksContext.Provider;

export function useDiagramTargets(): readonly DiagramTarget[] {
  return useContext(DiagramLinksContext);
}
