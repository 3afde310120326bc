/** Checks on the folder to analyse, and the scan itself, shared by analyze and estimate. */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { CodeMapCache } from "../codemap/cache.ts";
import { buildCodeMap } from "../codemap/index.ts";
import { inputError } from "../errors.ts";
import type { FolderReader } from "../scan/reader.ts";
import type { CodeMap } from "../types.ts";

export function checkFolder(dir: string): string {
  const abs = resolve(dir);
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(abs);
  } catch {
    throw inputError(
      "repository_not_found",
      `${dir} does not exist: give the path of a folder to analyse.`,
    );
  }
  if (!stat.isDirectory())
    throw inputError(
      "repository_not_found",
      `${dir} is not a folder: give the path of a folder to analyse.`,
    );
  return abs;
}

export async function scanFolder(
  abs: string,
  exclude: string[],
  name?: string,
  cache?: CodeMapCache,
): Promise<{ map: CodeMap; reader: FolderReader }> {
  const result = await buildCodeMap(abs, {
    exclude,
    ...(name ? { name } : {}),
    ...(cache ? { cache } : {}),
  });
  const useful = result.map.files.filter((f) => f.language !== null && f.lines > 0);
  if (result.map.totals.filesSeen === 0) {
    throw inputError("repository_empty", `${abs} is empty: there is nothing to analyse.`);
  }
  if (useful.length === 0) {
    throw inputError(
      "repository_empty",
      `Nothing to analyse in ${abs}: all ${result.map.totals.filesSeen} files were ignored, binary, vendored or generated.`,
    );
  }
  return result;
}
