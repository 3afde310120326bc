/** Builds fixture folders in a temp dir for scanner, code map and CLI tests. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export type TreeSpec = Record<string, string | Uint8Array | { symlink: string }>;

export function makeTree(spec: TreeSpec): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "fondation-fixture-"));
  for (const [path, content] of Object.entries(spec)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof content === "object" && "symlink" in content) symlinkSync(content.symlink, abs);
    else writeFileSync(abs, content);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
