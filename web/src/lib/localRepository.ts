/**
 * Local mode only: is this absolute path a git repository on this machine? Read by the
 * /api/local-repository route before a path is added, so a typo is refused at once instead
 * of failing three clone attempts later. Only looks (stat), never runs git.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";

export type LocalRepositoryStatus = "ok" | "missing" | "not_directory" | "not_git";

const MAX_PATH_CHARS = 4_096;

export function isCheckablePath(path: unknown): path is string {
  return (
    typeof path === "string" &&
    path.length > 0 &&
    path.length <= MAX_PATH_CHARS &&
    !path.includes("\0") &&
    isAbsolute(path)
  );
}

async function kind(path: string): Promise<"file" | "directory" | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? "directory" : s.isFile() ? "file" : null;
  } catch {
    return null;
  }
}

export async function localRepositoryStatus(path: string): Promise<LocalRepositoryStatus> {
  const self = await kind(path);
  if (self === null) return "missing";
  if (self !== "directory") return "not_directory";
  // A work tree has .git (a folder, or a file pointing to one for worktrees and submodules);
  // a bare repository has HEAD and objects/ at its top.
  if ((await kind(join(path, ".git"))) !== null) return "ok";
  const bare =
    (await kind(join(path, "HEAD"))) === "file" &&
    (await kind(join(path, "objects"))) === "directory";
  return bare ? "ok" : "not_git";
}
