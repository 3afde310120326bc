/** Search and filters of the dashboard's repository list. */
import type { RepositoryItem } from "./types.ts";

export type CourseFilter = "all" | "withCourse" | "active" | "noCourse";
export type SourceFilter = "all" | "github" | "url";

export interface RepositoryFilters {
  query: string;
  course: CourseFilter;
  source: SourceFilter;
}

export const NO_FILTERS: RepositoryFilters = { query: "", course: "all", source: "all" };

export function filterRepositories(
  items: readonly RepositoryItem[],
  f: RepositoryFilters,
): RepositoryItem[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((r) => {
    if (f.source !== "all" && r.source !== f.source) return false;
    if (f.course === "withCourse" && !r.latestCourse) return false;
    if (f.course === "noCourse" && r.latestCourse) return false;
    if (f.course === "active" && !r.activeJob) return false;
    const haystack = `${r.name} ${r.url}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
