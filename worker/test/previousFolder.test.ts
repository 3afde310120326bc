/**
 * The `--update` folder written from a previous course: the manifest the CLI reads, and
 * what is refused of hostile input (absolute and `..` paths, a planted symlink, too much).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  PreviousFolderError,
  previousManifest,
  writePreviousFolder,
} from "../src/course/previousFolder.ts";
import type { PreviousCourse } from "../src/runner/backend.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), "previous-folder-"));
  dirs.push(d);
  return d;
}

const COURSE: PreviousCourse = {
  courseId: "c1",
  title: "Widgets",
  summary: "How widgets are made.",
  language: "en",
  model: null,
  commit: "0123456789abcdef0123456789abcdef01234567",
  abstractions: [],
  relationships: [],
  sourceFiles: [{ path: "src/a.ts", sha: "a".repeat(40) }],
  lessons: [
    {
      kind: "chapter",
      slug: "queue",
      title: "Queue",
      citations: [{ path: "src/a.ts", startLine: 1, endLine: 2 }],
      prev: null,
      next: "first",
      partCount: 1,
    },
    {
      kind: "tutorial",
      slug: "first",
      title: "First",
      citations: [],
      prev: "queue",
      next: null,
      partCount: 1,
    },
  ],
  files: [{ path: "src/a.ts", size: 4, lines: 1, partCount: 1 }],
  partCount: 3,
};
const texts = (files: [string, string][] = [["src/a.ts", "a=1\n"]]) => ({
  lessons: new Map([
    ["queue", "# Queue\n"],
    ["first", "# First\n"],
  ]),
  files: new Map(files),
});

describe("previous course folder", () => {
  it("writes course.json, the lessons at their files and sources/", async () => {
    const manifest = previousManifest(COURSE, { name: "acme/widgets", url: "https://x/y.git" });
    expect(manifest.repository).toEqual({
      name: "acme/widgets",
      url: "https://x/y.git",
      commit: COURSE.commit,
    });
    expect(manifest.files).toEqual(COURSE.sourceFiles);
    const dir = join(scratch(), "previous");
    await writePreviousFolder(dir, manifest, texts(), 1_000_000);
    expect(JSON.parse(readFileSync(join(dir, "course.json"), "utf8")).chapters[0].file).toBe(
      "chapters/01-queue.md",
    );
    expect(readFileSync(join(dir, "chapters/01-queue.md"), "utf8")).toBe("# Queue\n");
    expect(readFileSync(join(dir, "tutorials/01-first.md"), "utf8")).toBe("# First\n");
    expect(readFileSync(join(dir, "sources/src/a.ts"), "utf8")).toBe("a=1\n");
  });

  it("refuses absolute and .. paths, writing nothing outside", async () => {
    const manifest = previousManifest(COURSE, { name: "w" });
    const root = scratch();
    for (const path of ["/etc/passwd", "../../escaped.ts", "src/../../x.ts", "a\\..\\b"]) {
      const dir = join(root, `p${Math.random().toString(36).slice(2)}`);
      await expect(
        writePreviousFolder(dir, manifest, texts([[path, "x"]]), 1_000_000),
      ).rejects.toThrow(PreviousFolderError);
      expect(existsSync(dir)).toBe(false);
    }
    expect(existsSync(join(root, "escaped.ts"))).toBe(false);
  });

  it("refuses a folder planted in advance (a symlink elsewhere), and too many bytes", async () => {
    const manifest = previousManifest(COURSE, { name: "w" });
    const root = scratch();
    const elsewhere = join(root, "elsewhere");
    mkdirSync(elsewhere);
    const dir = join(root, "previous");
    symlinkSync(elsewhere, dir);
    await expect(writePreviousFolder(dir, manifest, texts(), 1_000_000)).rejects.toThrow();
    expect(existsSync(join(elsewhere, "course.json"))).toBe(false);
    await expect(
      writePreviousFolder(
        join(root, "big"),
        manifest,
        texts([["src/a.ts", "x".repeat(2_000)]]),
        1_000,
      ),
    ).rejects.toThrow(/larger than 1000 bytes/);
    expect(existsSync(join(root, "big"))).toBe(false);
  });

  it("a lesson without its text, or an invalid previous course, is refused", async () => {
    const manifest = previousManifest(COURSE, { name: "w" });
    const missing = { lessons: new Map([["queue", "# Queue\n"]]), files: new Map() };
    await expect(
      writePreviousFolder(join(scratch(), "p"), manifest, missing, 1_000_000),
    ).rejects.toThrow(/lesson "first" has no text/);
    const badSlug = { ...COURSE, lessons: [{ ...COURSE.lessons[0], slug: "../x" }] };
    expect(() => previousManifest(badSlug as PreviousCourse, { name: "w" })).toThrow(
      PreviousFolderError,
    );
  });
});
