import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isCheckablePath, localRepositoryStatus } from "@/lib/localRepository.ts";

const root = mkdtempSync(join(tmpdir(), "local-repo-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string> = {}, dirs: string[] = []): string {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  for (const d of dirs) mkdirSync(join(path, d), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
  return path;
}

describe("localRepositoryStatus", () => {
  it("knows a work tree, a worktree's .git file and a bare repository", async () => {
    expect(await localRepositoryStatus(folder("work", {}, [".git"]))).toBe("ok");
    expect(await localRepositoryStatus(folder("linked", { ".git": "gitdir: /x\n" }))).toBe("ok");
    expect(await localRepositoryStatus(folder("bare.git", { HEAD: "ref: x\n" }, ["objects"]))).toBe(
      "ok",
    );
  });

  it("says what is wrong otherwise", async () => {
    expect(await localRepositoryStatus(join(root, "nothing-here"))).toBe("missing");
    const plain = folder("plain", { "README.md": "# hi\n" });
    expect(await localRepositoryStatus(plain)).toBe("not_git");
    expect(await localRepositoryStatus(join(plain, "README.md"))).toBe("not_directory");
    expect(await localRepositoryStatus(folder("half", { HEAD: "ref: x\n" }))).toBe("not_git");
  });

  it("checks only absolute, bounded paths", () => {
    expect(isCheckablePath("/a/b")).toBe(true);
    for (const bad of ["a/b", "", "/a\0b", `/${"x".repeat(5000)}`, 42, null]) {
      expect(isCheckablePath(bad)).toBe(false);
    }
  });
});
