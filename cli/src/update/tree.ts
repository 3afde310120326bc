/**
 * The paths of the previous commit, asked of git while the scan runs (analyze starts it
 * before scanning): update/run.ts tells new folders from old ones with it.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** Paths at a commit, when the folder is a git work tree that has it (new folders are the others). */
export async function treeAt(root: string, commit: string): Promise<Set<string> | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      "git",
      ["-C", root, "ls-tree", "-r", "-z", "--name-only", commit],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return new Set(stdout.split("\0").filter((p) => p !== ""));
  } catch {
    return undefined;
  }
}
