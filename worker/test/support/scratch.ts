/**
 * Scratch folders for clone tests: `newDir()` gives a fresh `<tmp>/<prefix>…/repo` path to
 * clone into; every folder made is removed after each test. Used by the clone, limits and
 * SSRF tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

export function scratchRepos(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return join(d, "repo");
  };
}
