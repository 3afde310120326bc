/**
 * Course-quality harness (issue 12): obtains pinned third-party repositories from the npm
 * registry and Debian's apt, runs the offline CLI on each, scores every course on the
 * issue's objective rules and prints a table (and writes it as JSON). Prints figures,
 * asserts nothing.
 *
 *   node bench/course-quality/run.ts [--only <name>[,<name>]] [--out <dir>] [--cache <dir>]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  type Central,
  DIAGRAM_CHAR_CAP,
  NODE_CAP,
  type Scores,
  scoreCourse,
  WHOLE_TARGET,
} from "./score.ts";

interface Repo {
  name: string;
  language: string;
  source: { npm: string; version: string } | { apt: string; version: string; path: string };
  central: Central[];
}

const ROOT = resolve(import.meta.dirname, "../..");
const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    out: { type: "string", default: join(tmpdir(), "fondation-course-quality") },
    cache: { type: "string", default: join(ROOT, ".fondation/quality-cache") },
  },
});
const OUT = resolve(args.out as string);
const CACHE = resolve(args.cache as string);

const all = (
  JSON.parse(readFileSync(join(import.meta.dirname, "repos.json"), "utf8")) as { repos: Repo[] }
).repos;
const only = args.only?.split(",").map((s) => s.trim());
const repos = only ? all.filter((r) => only.includes(r.name)) : all;
if (only && repos.length !== only.length) {
  console.error(`unknown name in --only; known: ${all.map((r) => r.name).join(", ")}`);
  process.exit(2);
}

const run = (cmd: string, argv: string[], opts: { cwd?: string } = {}) =>
  execFileSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...opts });

/** An npm package's tarball, unpacked once into the cache. */
function obtainNpm(name: string, version: string): string {
  const dir = join(CACHE, "npm", `${name.replace("/", "+")}@${version}`);
  if (existsSync(join(dir, "package.json"))) return dir;
  const tarballs = join(CACHE, "npm", "tarballs");
  mkdirSync(tarballs, { recursive: true });
  console.log(`  npm pack ${name}@${version}`);
  const packed = JSON.parse(
    run("npm", ["pack", `${name}@${version}`, "--json", "--pack-destination", tarballs]),
  ) as {
    filename: string;
  }[];
  const file = join(tarballs, (packed[0] as { filename: string }).filename);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run("tar", ["xzf", file, "-C", dir, "--strip-components=1"]);
  return dir;
}

let aptUpdated = false;
/** A Debian package's installed source folder; installs the pinned version when missing. */
function obtainApt(pkg: string, version: string, path: string): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const format = "-f=${Status} ${Version}";
  const installed = spawnSync("dpkg-query", ["-W", format, pkg], { encoding: "utf8" });
  const have = installed.status === 0 && installed.stdout.startsWith("install ok installed");
  const haveVersion = have ? installed.stdout.split(" ").at(-1) : null;
  if (!have || !existsSync(path)) {
    const asRoot = process.getuid?.() === 0 ? [] : ["sudo"];
    const apt = (argv: string[]) => {
      const [cmd, ...rest] = [...asRoot, "apt-get", ...argv];
      console.log(`  ${[cmd, ...rest].join(" ")}`);
      execFileSync(cmd as string, rest, {
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
    };
    if (!aptUpdated) {
      apt(["update", "-qq"]);
      aptUpdated = true;
    }
    apt(["install", "-y", "--no-install-recommends", `${pkg}=${version}`]);
  } else if (haveVersion !== version) {
    console.log(
      `  note: ${pkg} ${haveVersion} is installed, not the pinned ${version}; measuring it`,
    );
  }
  return path;
}

interface Result {
  name: string;
  language: string;
  version: string;
  source: string;
  wallMs: number;
  exit: number;
  error?: string;
  scores?: Scores;
}

const results: Result[] = [];
mkdirSync(OUT, { recursive: true });
for (const repo of repos) {
  console.log(`${repo.name}:`);
  const s = repo.source;
  const version = s.version;
  const label = "npm" in s ? `npm ${s.npm}@${s.version}` : `apt ${s.apt}=${s.version}`;
  let origin: string;
  try {
    origin = "npm" in s ? obtainNpm(s.npm, s.version) : obtainApt(s.apt, s.version, s.path);
  } catch (e) {
    const error = `could not obtain: ${(e as Error).message.split("\n")[0]}`;
    console.log(`  ${error}`);
    results.push({
      name: repo.name,
      language: repo.language,
      version,
      source: label,
      wallMs: 0,
      exit: -1,
      error,
    });
    continue;
  }
  // A private copy, named after the repository (the course's title comes from the folder):
  // the originals are never written to. Debian's own packaging folder is not the project's.
  const src = join(OUT, "src", repo.name);
  const course = join(OUT, "courses", repo.name);
  rmSync(src, { recursive: true, force: true });
  rmSync(course, { recursive: true, force: true });
  cpSync(origin, src, {
    recursive: true,
    dereference: true,
    filter: (p) => !("apt" in s && p === join(origin, "debian")),
  });
  const t0 = performance.now();
  const cli = spawnSync(
    process.execPath,
    [join(ROOT, "cli/src/main.ts"), "analyze", src, "--offline", "--json", "--out", course],
    {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, ANTHROPIC_API_KEY: "" },
    },
  );
  const wallMs = performance.now() - t0;
  const result: Result = {
    name: repo.name,
    language: repo.language,
    version,
    source: label,
    wallMs,
    exit: cli.status ?? -1,
  };
  if (cli.status !== 0) {
    result.error = (cli.stderr.trim().split("\n").at(-1) ?? "").slice(0, 200);
    console.log(`  CLI exit ${cli.status}: ${result.error}`);
  } else {
    result.scores = scoreCourse(course, src, repo.central);
    console.log(`  ${(wallMs / 1000).toFixed(1)} s, course in ${course}`);
  }
  results.push(result);
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(0)} %`);
const ok = (b: boolean) => (b ? "pass" : "FAIL");
const rows = [
  [
    "repository",
    "lang",
    "version",
    "ch+tut",
    "(a) central early",
    "entry names early",
    "(b) periphery in 1-3",
    "(c) whole decl.",
    "(d) bad diagrams",
    "(e) junk lines",
    "(f) broken links",
    "all",
  ],
];
for (const r of results) {
  const sc = r.scores;
  if (!sc) {
    rows.push([
      r.name,
      r.language,
      r.version,
      "—",
      r.error ?? "failed",
      "",
      "",
      "",
      "",
      "",
      "",
      "FAIL",
    ]);
    continue;
  }
  rows.push([
    r.name,
    r.language,
    r.version,
    `${sc.chapters}+${sc.tutorials}`,
    `${sc.central.found}/${sc.central.total} ${ok(sc.central.pass)}`,
    `${sc.entry.namedEarly}/${sc.entry.names}`,
    `${sc.periphery.early.length} ${ok(sc.periphery.pass)}`,
    `${pct(sc.whole.ratio)} of ${sc.whole.declarationCitations} ${ok(sc.whole.pass)}`,
    `${sc.diagrams.bad}/${sc.diagrams.total} ${ok(sc.diagrams.pass)}`,
    `${sc.junk.lines} ${ok(sc.junk.pass)}`,
    `${sc.links.broken}/${sc.links.total} ${ok(sc.links.pass)}`,
    ok(sc.pass),
  ]);
}
const scored = results.flatMap((r) => (r.scores ? [r.scores] : []));
const sum = (f: (s: Scores) => number) => scored.reduce((a, s) => a + f(s), 0);
const count = (f: (s: Scores) => boolean) => `${scored.filter(f).length}/${results.length} pass`;
const declTotal = sum((s) => s.whole.declarationCitations);
rows.push([
  "total",
  `${new Set(results.map((r) => r.language)).size} langs`,
  "",
  `${sum((s) => s.chapters)}+${sum((s) => s.tutorials)}`,
  `${sum((s) => s.central.found)}/${sum((s) => s.central.total)}; ${count((s) => s.central.pass)}`,
  `${sum((s) => s.entry.namedEarly)}/${sum((s) => s.entry.names)}`,
  `${sum((s) => s.periphery.early.length)}; ${count((s) => s.periphery.pass)}`,
  `${pct(declTotal ? sum((s) => s.whole.whole) / declTotal : null)} of ${declTotal}; ${count((s) => s.whole.pass)}`,
  `${sum((s) => s.diagrams.bad)}/${sum((s) => s.diagrams.total)}; ${count((s) => s.diagrams.pass)}`,
  `${sum((s) => s.junk.lines)}; ${count((s) => s.junk.pass)}`,
  `${sum((s) => s.links.broken)}/${sum((s) => s.links.total)}; ${count((s) => s.links.pass)}`,
  `${scored.filter((s) => s.pass).length}/${results.length} pass`,
]);

console.log("");
console.log(`| ${(rows[0] as string[]).join(" | ")} |`);
console.log(`|${(rows[0] as string[]).map(() => "---").join("|")}|`);
for (const row of rows.slice(1)) console.log(`| ${row.join(" | ")} |`);
console.log("");
console.log(
  `Thresholds (issue 12, "Done when"): (a) every central symbol named and cited in the overview or chapters 1-3; (b) none of chapters 1-3 periphery; (c) ≥ ${WHOLE_TARGET * 100} % of declaration citations whole; (d) no diagram with < 2 nodes, no edge, > ${NODE_CAP} nodes or > ${DIAGRAM_CHAR_CAP.toLocaleString("en-US")} characters; (e) no markup junk in prose; (f) every link resolves to a lesson. "entry names early" is informative.`,
);
const file = join(OUT, "results.json");
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, out: OUT, results }, null, 2)}\n`,
);
console.log(
  `Details (missing symbols, partial citations, bad diagrams, junk and link samples): ${file}`,
);
