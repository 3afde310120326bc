/**
 * The code map cache a course folder keeps (codemap/cache.ts): a refresh that reuses it
 * writes the course a refresh without it writes, and a cache that is not as written (the
 * previous folder is input) is ignored, whole or entry by entry, never trusted.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CODEMAP_CACHE_FILE, readCodeMapCache } from "../../src/codemap/cache.ts";
import { buildCodeMap } from "../../src/codemap/index.ts";
import { analyzeOffline, lessonText, makeRepo, statusOf, tempFolder } from "./fixture.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function folder(): string {
  const dir = tempFolder();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A course, then a change to a cited file (its lines move) committed after it. */
async function changed() {
  const repo = makeRepo();
  cleanups.push(repo.cleanup);
  const first = folder();
  await analyzeOffline(repo.root, first);
  repo.write("src/core/money.ts", `// money\n${repo.read("src/core/money.ts")}`);
  repo.write("src/api/format.ts", repo.read("src/api/format.ts").replaceAll("const ", "let "));
  repo.commit();
  return { repo, first };
}

const reusedLog = (events: { kind: string; message?: string }[]) =>
  events.find((e) => e.kind === "log" && e.message?.startsWith("Code map:"))?.message;

/** The course as a reader sees it: the manifest without its date, and every lesson's text. */
function courseOf(out: string) {
  const manifest = JSON.parse(readFileSync(join(out, "course.json"), "utf8"));
  delete manifest.generatedAt;
  const lessons = [...manifest.chapters, ...manifest.tutorials].map(
    (l: { slug: string }) => [l.slug, lessonText(out, manifest, l.slug)] as const,
  );
  return { manifest, lessons: Object.fromEntries(lessons) };
}

function tamper(from: string, edit: (cache: { mapper: string; entries: Entry[] }) => unknown) {
  const to = folder();
  writeFileSync(
    join(to, CODEMAP_CACHE_FILE),
    JSON.stringify(edit(JSON.parse(readFileSync(join(from, CODEMAP_CACHE_FILE), "utf8")))),
  );
  return to;
}

interface Entry {
  path: string;
  sha: string;
  result: { kind: string; file?: { bytes: number; outline: { line: number; name: string }[] } };
}

describe("the code map cache of a course folder", { timeout: 60_000 }, () => {
  it("a refresh from the cache writes what a refresh without it writes", async () => {
    const { repo, first } = await changed();
    expect(existsSync(join(first, CODEMAP_CACHE_FILE))).toBe(true);
    const fast = folder();
    const { manifest, events } = await analyzeOffline(repo.root, fast, first);
    const files = manifest.files?.length ?? 0;
    expect(reusedLog(events)).toMatch(
      /^Code map: \d+ unchanged file\(s\) taken .*, 2 mapped again/,
    );
    expect(statusOf(manifest).overview).toBe("rewritten");
    expect(Object.values(statusOf(manifest))).toContain("kept");
    expect(files).toBeGreaterThan(0);

    // The slow path: the same previous course without its cache.
    const slowFrom = folder();
    rmSync(slowFrom, { recursive: true });
    cpSync(first, slowFrom, { recursive: true });
    rmSync(join(slowFrom, CODEMAP_CACHE_FILE));
    const slow = folder();
    const slowRun = await analyzeOffline(repo.root, slow, slowFrom);
    expect(reusedLog(slowRun.events)).toMatch(/^Code map: 0 unchanged file\(s\)/);
    const a = courseOf(fast);
    const b = courseOf(slow);
    expect(a.lessons).toEqual(b.lessons);
    expect(a.manifest).toEqual(b.manifest);

    // A rewritten lesson is the one a full rebuild writes.
    const full = folder();
    await analyzeOffline(repo.root, full);
    const rebuilt = courseOf(full);
    const rewritten = (manifest.update?.lessons ?? []).filter((l) => l.status === "rewritten");
    expect(rewritten.length).toBeGreaterThan(0);
    for (const l of rewritten) expect(a.lessons[l.slug]).toBe(rebuilt.lessons[l.slug]);

    // The refreshed course keeps a cache of its own, good for the next refresh.
    const next = await readCodeMapCache(fast);
    expect(next.mapped).toEqual([]);
    await buildCodeMap(repo.root, { cache: next, exclude: [fast, first, slow, slowFrom, full] });
    expect(next.reused).toBe(next.mapped.length);
  });

  it("a map built from the cache equals a map built from the files", async () => {
    const { repo, first } = await changed();
    const exclude = [first];
    const plain = (await buildCodeMap(repo.root, { exclude })).map;
    const cache = await readCodeMapCache(first);
    const cached = (await buildCodeMap(repo.root, { exclude, cache })).map;
    expect(cached).toEqual(plain);
    expect(cache.reused).toBe(plain.files.length - 2);
  });

  it("a tampered cache is ignored, whole or entry by entry", async () => {
    const { repo, first } = await changed();
    const exclude = [first];
    const plain = (await buildCodeMap(repo.root, { exclude })).map;
    // An unchanged file's entry is the one tampered with.
    const target = (e: Entry) => e.path === "src/core/cart.ts";
    const cases: [string, (c: { mapper: string; entries: Entry[] }) => unknown, number][] = [
      ["not the mapper's version", (c) => ({ ...c, mapper: "0000000000000000" }), 0],
      [
        "an unknown field",
        (c) => ({ ...c, entries: c.entries.map((e) => (target(e) ? { ...e, extra: 1 } : e)) }),
        0,
      ],
      [
        "an outline item of the wrong type",
        (c) => {
          for (const e of c.entries.filter(target))
            (e.result.file?.outline[0] as { line: unknown }).line = "1";
          return c;
        },
        0,
      ],
      ["not an object", () => [1, 2, 3], 0],
      [
        "a file's size that is not its size",
        (c) => {
          for (const e of c.entries.filter(target)) if (e.result.file) e.result.file.bytes += 1;
          return c;
        },
        1,
      ],
      [
        "a declaration past the file's end",
        (c) => {
          for (const e of c.entries.filter(target))
            if (e.result.file?.outline[0]) e.result.file.outline[0].line = 10_000;
          return c;
        },
        1,
      ],
      [
        "another file's blob id",
        (c) => {
          const other = c.entries.find((e) => !target(e))?.sha as string;
          for (const e of c.entries.filter(target)) e.sha = other;
          return c;
        },
        1,
      ],
    ];
    for (const [why, edit, lost] of cases) {
      const cache = await readCodeMapCache(tamper(first, edit));
      const map = (await buildCodeMap(repo.root, { exclude, cache })).map;
      expect(map, why).toEqual(plain);
      // Files whose entries were not ignored: all but the two changed, and the tampered one.
      const kept = lost === 0 ? 0 : plain.files.length - 2 - lost;
      expect(cache.reused, why).toBe(kept);
    }
    const broken = folder();
    writeFileSync(join(broken, CODEMAP_CACHE_FILE), "{ not json");
    const cache = await readCodeMapCache(broken);
    expect((await buildCodeMap(repo.root, { exclude, cache })).map).toEqual(plain);
    expect(cache.reused).toBe(0);
  });
});
