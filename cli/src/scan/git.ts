/** The HEAD commit of a folder, when it is a git work tree (recorded in the manifest). */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** Asynchronous, so that the scan reads files while git starts. */
export async function headCommit(root: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      "git",
      ["rev-parse", "--verify", "--quiet", "HEAD"],
      { cwd: root, timeout: 5_000 },
    );
    const out = stdout.trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}
