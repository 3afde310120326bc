/** Cited source ranges: a link to the exact commit on GitHub, or a plain label elsewhere. */
import type { Citation } from "@fondation/shared";

export interface CitationSource {
  /** `owner/name` on github.com, when the repository lives there. */
  github?: { owner: string; name: string };
  commit?: string;
}

const SHA = /^[0-9a-f]{7,64}$/i;

export function citationLabel(c: Citation): string {
  return c.startLine === c.endLine
    ? `${c.path}:${c.startLine}`
    : `${c.path}:${c.startLine}-${c.endLine}`;
}

/** `https://github.com/o/n/blob/<sha>/<path>#L<a>-L<b>`, or null when no exact link exists. */
export function citationUrl(source: CitationSource, c: Citation): string | null {
  if (!source.github || !source.commit || !SHA.test(source.commit)) return null;
  const { owner, name } = source.github;
  const path = c.path
    .split("/")
    .filter((segment) => segment.length > 0 && segment !== "." && segment !== "..")
    .map(encodeURIComponent)
    .join("/");
  if (!path) return null;
  const anchor = c.startLine === c.endLine ? `#L${c.startLine}` : `#L${c.startLine}-L${c.endLine}`;
  return `https://github.com/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/blob/${source.commit}/${path}${anchor}`;
}
