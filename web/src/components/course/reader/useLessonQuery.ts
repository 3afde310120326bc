"use client";
/**
 * The reader's lesson, subscribed from the URL's slug at the same time as the course (read by
 * the reader page): the lesson no longer waits for `courses.get` to resolve first. An unknown
 * slug makes `courses.lesson` throw; `useQueries` hands that back as a value, so the page can
 * still say "not in the course" once it knows the lesson list. When the text holds a Mermaid
 * block, the Mermaid bundle starts loading now, before any diagram mounts.
 */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { type RequestForQueries, useQueries } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useMemo } from "react";
import { hasMermaidBlock, loadMermaid } from "./mermaidLoader.ts";

export type LessonResult = FunctionReturnType<typeof api.courses.lesson>;

/** undefined while loading (or with no slug), the lesson, or the error the query threw. */
export function useLessonQuery(
  courseId: Id<"courses">,
  slug: string | undefined,
  share?: string,
): LessonResult | Error | undefined {
  const queries = useMemo(() => {
    const request: RequestForQueries = {};
    if (slug !== undefined) {
      const args: Record<string, string> = { courseId, slug };
      if (share !== undefined) args.share = share;
      request.lesson = { query: api.courses.lesson, args };
    }
    return request;
  }, [courseId, slug, share]);
  const result = useQueries(queries).lesson as LessonResult | Error | undefined;
  if (result && !(result instanceof Error) && hasMermaidBlock(result.markdown)) {
    // Idempotent: the first call starts the download, the others reuse it.
    void loadMermaid().catch(() => {});
  }
  return result;
}
