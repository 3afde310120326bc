/**
 * Benchmark: scan + code map of a large tree (target: 20k+ files in ≤ 5 s and ≤ 400 MB
 * peak RSS). Prints figures; asserts nothing.
 *
 *   node cli/bench/scan.ts            # builds (once) a tree of ~25k real source files
 *                                     # copied out of the repository's node_modules/.pnpm
 *   node cli/bench/scan.ts <folder>   # measures any folder instead
 *
 * The measurement runs in a fresh child process, so the peak RSS is the scan's own.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { buildCodeMap } from "../src/codemap/index.ts";

const TARGET_FILES = 25_000;
const SOURCE = /\.(js|mjs|cjs|ts|mts|cts|tsx|jsx|py|go|md)$/;

async function measure(dir: string) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const { map } = await buildCodeMap(dir);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const outline = map.files.reduce((n, f) => n + f.outline.length, 0);
  const edges = map.files.reduce((n, f) => n + f.imports.length, 0);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({
      dir,
      filesSeen: map.totals.filesSeen,
      filesKept: map.totals.filesKept,
      skipped: map.skipped.length,
      megabytesKept: Math.round(map.totals.bytesKept / 1024 / 102.4) / 10,
      outlineItems: outline,
      importEdges: edges,
      wallMs: Math.round(wallMs),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: Math.round(peakRssMb),
    })}\n`,
  );
}

/** Copy real package sources into a plain tree (no node_modules segment, so nothing is vendored). */
function buildTree(target: string): string {
  const marker = join(target, ".complete");
  if (existsSync(marker)) return target;
  const store = resolve(import.meta.dirname, "../../node_modules/.pnpm");
  if (!existsSync(store))
    throw new Error(`${store} is missing: run pnpm install first, or pass a folder to measure`);
  let copied = 0;
  const walk = (dir: string) => {
    if (copied >= TARGET_FILES) return;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (copied >= TARGET_FILES) return;
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile() && SOURCE.test(e.name) && !e.name.endsWith(".min.js")) {
        const rel = relative(store, abs)
          .split("/")
          .map((s) => (s === "node_modules" ? "pkgs" : s.replace(/^(dist|build|out)$/, "$1_")))
          .join("/");
        const dest = join(target, rel);
        mkdirSync(dirname(dest), { recursive: true });
        copyFileSync(abs, dest);
        copied++;
      }
    }
  };
  walk(store);
  writeFileSync(marker, String(copied));
  return target;
}

if (process.argv[2] === "--child") {
  await measure(process.argv[3] as string);
} else {
  const dir = process.argv[2]
    ? resolve(process.argv[2])
    : buildTree(join(tmpdir(), "fondation-bench-scan-tree"));
  const runs: Record<string, number | string>[] = [];
  const load = (await import("node:os")).loadavg()[0]?.toFixed(1);
  for (let i = 0; i < 3; i++) {
    const child = spawnSync(process.execPath, [import.meta.filename, "--child", dir], {
      encoding: "utf8",
    });
    if (child.status !== 0) {
      process.stderr.write(child.stderr);
      process.exit(1);
    }
    runs.push(JSON.parse(child.stdout.trim().split("\n").pop() as string));
  }
  const first = runs[0] as Record<string, number | string>;
  const walls = runs.map((r) => r.wallMs as number).sort((a, b) => a - b);
  const rss = runs.map((r) => r.peakRssMb as number).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpuMs as number).sort((a, b) => a - b);
  console.log(`scan + code map of ${first.dir} (load average at start: ${load})`);
  console.log(
    `  files seen ${first.filesSeen}, kept ${first.filesKept} (${first.megabytesKept} MB), skipped ${first.skipped}`,
  );
  console.log(`  outline items ${first.outlineItems}, import edges ${first.importEdges}`);
  console.log(
    `  wall time (3 runs): ${walls.join(" / ")} ms   median ${walls[1]} ms   target ≤ 5000 ms`,
  );
  console.log(
    `  CPU time  (3 runs): ${cpu.join(" / ")} ms   (wall ≈ CPU on an idle machine; more when other processes share the cores)`,
  );
  console.log(`  peak RSS  (3 runs): ${rss.join(" / ")} MB   max ${rss[2]} MB   target ≤ 400 MB`);
}
