/** Builds fixture folders in a temp dir for scanner, code map and CLI tests. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";

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

/** `tree(spec)` for a test file: a fixture folder, removed after the test that made it. */
export function fixtureTrees(): (spec: TreeSpec) => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return (spec) => {
    const t = makeTree(spec);
    cleanups.push(t.cleanup);
    return t.root;
  };
}
