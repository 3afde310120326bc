/**
 * The bin's cache of stripped sources (bin/strip-cache.js): an unchanged source is not
 * stripped again, an edited one is, what is not our ESM TypeScript goes to Node's own
 * loading, and the bin runs the same with it, without any warning; Node's compile cache
 * is kept beside it.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { stripCacheHook } from "../bin/strip-cache.js";

const cleanups: string[] = [];
afterEach(() => {
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "fondation-strip-"));
  cleanups.push(dir);
  return dir;
};

function setup() {
  const dir = temp();
  const cache = join(dir, "cache");
  mkdirSync(cache);
  const file = join(dir, "a.ts");
  writeFileSync(file, "export const a: number = 1;\n");
  const strips: string[] = [];
  const hook = stripCacheHook(cache, (code) => {
    strips.push(code);
    return code.replace(": number", "");
  });
  const passed: string[] = [];
  const next = ((url: string) => {
    passed.push(url);
    return { format: "module", source: "next", shortCircuit: true };
  }) as Parameters<typeof hook>[2];
  const load = (url: string, format: string | undefined = "module-typescript") =>
    hook(url, { format, conditions: [], importAttributes: {} }, next);
  return { cache, file, url: pathToFileURL(file).href, strips, passed, load };
}

describe("the bin's stripped-source cache", () => {
  it("strips a source once, then serves it from the cache until it changes", () => {
    const { cache, file, url, strips, load } = setup();
    expect(load(url)).toMatchObject({ format: "module", source: "export const a = 1;\n" });
    expect(load(url).source).toBe("export const a = 1;\n");
    expect(strips).toHaveLength(1);
    expect(readdirSync(cache)).toHaveLength(1);

    writeFileSync(file, "export const a: number = 2;\n");
    expect(load(url).source).toBe("export const a = 2;\n");
    expect(strips).toHaveLength(2);
    // One entry per source file, however often it is edited.
    expect(readdirSync(cache)).toHaveLength(1);

    // An entry whose stamp is not the source's hash is stripped again.
    const entry = join(cache, readdirSync(cache)[0] as string);
    writeFileSync(entry, `// ${"0".repeat(40)}\nexport const a = 666;\n`);
    expect(load(url).source).toBe("export const a = 2;\n");
    expect(readFileSync(entry, "utf8")).toContain("export const a = 2;");
  });

  it("leaves what is not our ESM TypeScript to Node", () => {
    const dir = temp();
    const { url, passed, strips, load } = setup();
    const inModules = pathToFileURL(join(dir, "node_modules/x/index.ts")).href;
    expect(load(inModules).source).toBe("next");
    expect(load(url.replace(/\.ts$/, ".js")).source).toBe("next");
    expect(load(url, "commonjs-typescript").source).toBe("next");
    expect(load("node:fs").source).toBe("next");
    expect(passed).toHaveLength(4);
    expect(strips).toEqual([]);
  });

  it("hands syntax it cannot strip to Node, which reports it", () => {
    const dir = temp();
    const file = join(dir, "bad.ts");
    writeFileSync(file, "enum E { A }\n");
    const hook = stripCacheHook(dir, () => {
      throw new Error("unsupported");
    });
    let passed = 0;
    hook(
      pathToFileURL(file).href,
      { format: "module-typescript", conditions: [], importAttributes: {} },
      (() => {
        passed++;
        return { format: "module", source: "", shortCircuit: true };
      }) as Parameters<typeof hook>[2],
    );
    expect(passed).toBe(1);
  });

  it("the bin runs the same with a cold and a warm cache, and warns of nothing", async () => {
    const home = temp();
    const bin = join(import.meta.dirname, "../bin/fondation.js");
    const run = () =>
      promisify(execFile)(process.execPath, [bin, "--help"], {
        env: { ...process.env, XDG_CACHE_HOME: home, FONDATION_STRIP_CACHE: undefined },
      });
    const cold = await run();
    const entries = readdirSync(join(home, "fondation", `strip-${process.version}`));
    expect(entries.length).toBeGreaterThan(3);
    // Node's compile cache: one folder per Node version and flags, holding compiled modules.
    const [versionDir] = readdirSync(join(home, "fondation", "v8"));
    expect(readdirSync(join(home, "fondation", "v8", versionDir as string)).length).toBeGreaterThan(
      3,
    );
    const warm = await run();
    expect(warm.stdout).toBe(cold.stdout);
    expect(cold.stdout).toContain("analyze");
    expect(cold.stderr + warm.stderr).toBe("");
  }, 30_000);

  it("FONDATION_STRIP_CACHE=0 keeps both start-up caches off", async () => {
    const home = temp();
    const bin = join(import.meta.dirname, "../bin/fondation.js");
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"], {
      env: { ...process.env, XDG_CACHE_HOME: home, FONDATION_STRIP_CACHE: "0" },
    });
    expect(stdout).toContain("analyze");
    expect(readdirSync(home)).toEqual([]);
  }, 30_000);
});
