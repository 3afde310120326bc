/**
 * Git blob ids (what `git hash-object` prints) of a course's files: the same id means the
 * same content, in a git work tree or in a plain folder alike. Written into every manifest
 * (`files`) and compared by `--update`.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { SourceFile } from "@fondation/shared";
import type { CourseDraft } from "../types.ts";

export function blobSha(content: Buffer | string): string {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

/**
 * Blob ids of the given repository-relative files (unreadable ones are left out); those in
 * `known` (hashed by this run's scan, cache.ts) are not read again.
 */
export async function fileShas(
  root: string,
  paths: Iterable<string>,
  known?: ReadonlyMap<string, string>,
): Promise<SourceFile[]> {
  const unique = [...new Set(paths)].sort();
  const out = await Promise.all(
    unique.map(async (path) => {
      const sha = known?.get(path);
      if (sha) return { path, sha };
      try {
        return { path, sha: blobSha(await readFile(join(root, path))) };
      } catch {
        return undefined;
      }
    }),
  );
  return out.filter((f): f is SourceFile => f !== undefined);
}

/** The files a draft stands on: what its abstractions own and what its lessons cite. */
export function draftFiles(draft: CourseDraft, cited: (markdown: string) => string[]): string[] {
  const paths = new Set<string>();
  for (const a of draft.abstractions) for (const f of a.files) paths.add(f);
  for (const l of [...draft.chapters, ...draft.tutorials]) {
    for (const c of l.citations) paths.add(c.path);
    for (const p of cited(l.markdown)) paths.add(p);
  }
  return [...paths];
}
