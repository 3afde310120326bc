/**
 * What is left under a worker's TEMP_DIR: each job folder inside an owner folder
 * (`w-<pid>-<start>/job-…`), and anything else at the top. An owner folder with nothing in
 * it (a running worker's) is not a leftover.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export function jobFoldersIn(tempDir: string): string[] {
  if (!existsSync(tempDir)) return [];
  return readdirSync(tempDir).flatMap((name) =>
    /^w-\d+-/.test(name) ? readdirSync(join(tempDir, name)).map((j) => `${name}/${j}`) : [name],
  );
}
