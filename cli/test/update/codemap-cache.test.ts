/**
 * The code map cache a course folder keeps (codemap/cache.ts): a refresh that reuses it
 * writes the course a refresh without it writes, and a cache that is not as written (the
 * previous folder is input) is ignored, whole or entry by entry, never trusted.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  CODEMAP_CACHE_FILE,
  readCodeMapCache,
  writeCodeMapCache,
} from "../../src/codemap/cache.ts";
import { buildCodeMap } from "../../src/codemap/index.ts";
import { callFacts, fileFacts, type StoredFacts, storeFacts } from "../../src/offline/facts.ts";
import { analyzeOffline, lessonText, makeRepo, PROJECT, statusOf, tempFolder } from "./fixture.ts";

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
  result: {
    kind: string;
    file?: { bytes: number; imports: string[]; outline: { line: number; name: string }[] };
  };
  facts?: StoredFacts;
}

const entriesOf = (folder: string): Entry[] =>
  JSON.parse(readFileSync(join(folder, CODEMAP_CACHE_FILE), "utf8")).entries;

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

    // Its cache, which copies the lines of the entries it left unchanged, is the one a full
    // rebuild writes.
    const cacheOf = (out: string) =>
      JSON.parse(readFileSync(join(out, CODEMAP_CACHE_FILE), "utf8"));
    expect(cacheOf(fast)).toEqual(cacheOf(full));
    expect(readFileSync(join(fast, CODEMAP_CACHE_FILE), "utf8").split("\n")).toHaveLength(
      cacheOf(full).entries.length + 2,
    );

    // The refreshed course keeps a cache of its own, good for the next refresh.
    const next = await readCodeMapCache(fast);
    expect(next.mapped).toEqual([]);
    await buildCodeMap(repo.root, { cache: next, exclude: [fast, first, slow, slowFrom, full] });
    expect(next.reused).toBe(next.mapped.length);
  });

  it("keeps each file's ranking facts with its entry, computed again for a changed file", async () => {
    const { repo, first } = await changed();
    // A name the doc now mentions: the file's facts are not what they were.
    repo.write(
      "src/core/money.ts",
      repo.read("src/core/money.ts").replace("Twice an amount.", "Twice an amount, like `triple`."),
    );
    repo.commit();
    const before = new Map(entriesOf(first).map((e) => [e.path, e.facts]));
    const fast = folder();
    await analyzeOffline(repo.root, fast, first);
    const after = entriesOf(fast);
    const { map } = await buildCodeMap(repo.root, { exclude: [first, fast] });
    const withFacts = after.filter((e) => e.facts);
    // Every code file the ranking counts; calls for the central ones.
    expect(withFacts.map((e) => e.path)).toEqual(
      expect.arrayContaining(["src/core/money.ts", "src/core/cart.ts", "src/api/format.ts"]),
    );
    expect(withFacts.some((e) => e.facts?.calls)).toBe(true);
    for (const e of withFacts) {
      const file = map.files.find((f) => f.path === e.path);
      if (!file) throw new Error(`${e.path} is not in the map`);
      // What the file's bytes give now, never what the previous course saved for other bytes.
      const fresh = storeFacts(fileFacts(file, undefined));
      expect({ ...e.facts, calls: undefined }, e.path).toEqual({ ...fresh, calls: undefined });
      if (e.facts?.calls) {
        const calls = await callFacts(file, undefined, async () => repo.read(file.path));
        expect(e.facts.calls, e.path).toEqual(calls.map((c) => c.join(" ")));
      }
    }
    // The changed files' facts are not the previous ones; an unchanged file's are.
    const now = new Map(after.map((e) => [e.path, e.facts]));
    expect(now.get("src/core/money.ts")?.named).toContain("triple");
    expect(before.get("src/core/money.ts")?.named).not.toContain("triple");
    expect(now.get("src/core/cart.ts")).toEqual(before.get("src/core/cart.ts"));
  });

  it("reuses saved imports only while the paths and manifests are the same", async () => {
    // `./rate` resolves to rate.js until a rate.ts joins it (.ts comes first).
    const repo = makeRepo({
      ...PROJECT,
      "src/core/tax.ts": 'import { rate } from "./rate";\nexport const tax = rate;\n',
      "src/core/rate.js": "export const rate = 0.2;\n",
    });
    cleanups.push(repo.cleanup);
    const first = folder();
    await analyzeOffline(repo.root, first);
    const exclude = [first];
    const saved = new Map(entriesOf(first).map((e) => [e.path, e.result.file?.imports]));
    expect(saved.get("src/main.ts")).toContain("src/api/server.ts");
    expect(saved.get("src/core/tax.ts")).toEqual(["src/core/rate.js"]);

    // Same paths: saved imports are taken, but not those naming a file outside the map.
    const forged = tamper(first, (c) => {
      for (const e of c.entries)
        if (e.path === "src/core/cart.ts" && e.result.file) e.result.file.imports = ["nowhere.ts"];
      return c;
    });
    const same = (await buildCodeMap(repo.root, { exclude })).map;
    for (const from of [first, forged]) {
      const cache = await readCodeMapCache(from);
      expect((await buildCodeMap(repo.root, { exclude, cache })).map).toEqual(same);
      expect(cache.reused).toBe(same.files.length);
    }

    // tax.ts is unchanged, but a new file changes what it imports: resolved again.
    repo.write("src/core/rate.ts", "export const rate = 0.25;\n");
    repo.commit();
    const plain = (await buildCodeMap(repo.root, { exclude })).map;
    const cache = await readCodeMapCache(first);
    const cached = (await buildCodeMap(repo.root, { exclude, cache })).map;
    expect(cached).toEqual(plain);
    expect(cached.files.find((f) => f.path === "src/core/tax.ts")?.imports).toEqual([
      "src/core/rate.ts",
    ]);
    // And the cache saved next holds the new imports, not the saved line of the entry.
    const next = folder();
    await writeCodeMapCache(next, cache);
    const tax = entriesOf(next).find((e) => e.path === "src/core/tax.ts");
    expect(tax?.result.file?.imports).toEqual(["src/core/rate.ts"]);
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
    const facts = (edit: (f: StoredFacts) => void) => (c: { mapper: string; entries: Entry[] }) => {
      for (const e of c.entries.filter(target)) if (e.facts) edit(e.facts);
      return c;
    };
    cases.push(
      ["facts whose names are not identifiers", facts((f) => (f.named += " a\nb")), 0],
      ["facts with an unknown field", facts((f) => Object.assign(f, { extra: [] })), 0],
      ["facts of the wrong type", facts((f) => Object.assign(f, { declared: "total" })), 0],
    );
    for (const [why, edit, lost] of cases) {
      const cache = await readCodeMapCache(tamper(first, edit));
      const map = (await buildCodeMap(repo.root, { exclude, cache })).map;
      expect(map, why).toEqual(plain);
      // Files whose entries were not ignored: all but the two changed, and the tampered one.
      const kept = lost === 0 ? 0 : plain.files.length - 2 - lost;
      expect(cache.reused, why).toBe(kept);
    }
    // Saved calls that are not one list per function of the outline are read again.
    const forged = await readCodeMapCache(
      tamper(
        first,
        facts((f) => {
          f.calls = ["cents round", "cents"];
        }),
      ),
    );
    const forgedMap = (await buildCodeMap(repo.root, { exclude, cache: forged })).map;
    const cart = forgedMap.files.find((f) => f.path === "src/core/cart.ts");
    expect(cart).toBeDefined();
    if (cart)
      expect(await callFacts(cart, forged, async () => repo.read(cart.path))).toEqual([
        ["for", "cents", "round"],
      ]);
    const broken = folder();
    writeFileSync(join(broken, CODEMAP_CACHE_FILE), "{ not json");
    const cache = await readCodeMapCache(broken);
    expect((await buildCodeMap(repo.root, { exclude, cache })).map).toEqual(plain);
    expect(cache.reused).toBe(0);
  });
});
