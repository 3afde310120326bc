/**
 * The commands a tutorial gives to see the code run: the project's test command (only when
 * the repository holds tests, so no step asks to run a suite that is not there), the command
 * that runs one test case with its output shown, and an example to run when there is no test.
 *
 * Read by the offline tutorials (tutorials.ts).
 */
import { isTestPath } from "../codemap/languages.ts";
import type { CodeMap, SourceReader } from "../types.ts";
import type { TestCase } from "./usage.ts";

export type JsRunner = "mocha" | "jest" | "vitest" | "node" | null;

export interface TestSetup {
  /** The whole suite, e.g. `go test ./...`; null when the repository holds no tests. */
  suite: string | null;
  /** The language family the suite belongs to. */
  kind: "js" | "go" | "rust" | "python" | "make" | null;
  /** `npm`, `pnpm` or `yarn` for JavaScript projects. */
  packageRunner: string;
  jsRunner: JsRunner;
}

interface PackageJson {
  scripts?: Record<string, string>;
  packageManager?: string;
  devDependencies?: Record<string, string>;
}

async function packageJson(reader: SourceReader): Promise<PackageJson | null> {
  try {
    return JSON.parse(await reader.read("package.json")) as PackageJson;
  } catch {
    return null;
  }
}

function jsRunnerOf(pkg: PackageJson): JsRunner {
  const script = pkg.scripts?.test ?? "";
  const deps = pkg.devDependencies ?? {};
  for (const r of ["vitest", "jest", "mocha"] as const) if (deps[r] || script.includes(r)) return r;
  return /node\s+--test/.test(script) ? "node" : null;
}

/** How the repository's tests run, from its build files and the tests it actually ships. */
export async function testSetup(map: CodeMap, reader: SourceReader): Promise<TestSetup> {
  const has = (p: string) => map.files.some((f) => f.path === p);
  const none: TestSetup = { suite: null, kind: null, packageRunner: "npm", jsRunner: null };
  if (!map.files.some((f) => isTestPath(f.path) && f.language)) return none;
  const pkg = has("package.json") ? await packageJson(reader) : null;
  if (pkg?.scripts?.test) {
    const runner =
      has("pnpm-workspace.yaml") || pkg.packageManager?.startsWith("pnpm")
        ? "pnpm"
        : pkg.packageManager?.startsWith("yarn")
          ? "yarn"
          : "npm";
    return {
      suite: `${runner} test`,
      kind: "js",
      packageRunner: runner,
      jsRunner: jsRunnerOf(pkg),
    };
  }
  if (has("go.mod")) return { ...none, suite: "go test ./...", kind: "go" };
  if (has("Cargo.toml")) return { ...none, suite: "cargo test", kind: "rust" };
  if (map.files.some((f) => f.language === "python" && isTestPath(f.path)))
    return { ...none, suite: "python -m pytest", kind: "python" };
  if (has("Makefile")) return { ...none, suite: "make test", kind: "make" };
  return none;
}

const quoteShell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The command that runs this one test case and prints its result. */
export function oneTestCommand(setup: TestSetup, test: TestCase): string | null {
  const dir = test.path.includes("/") ? test.path.slice(0, test.path.lastIndexOf("/")) : ".";
  switch (setup.kind) {
    case "go":
      return `go test -run ${quoteShell(`^${test.name}$`)} -v ./${dir === "." ? "" : `${dir}/`}`;
    case "rust":
      return `cargo test ${test.name} -- --nocapture`;
    case "python":
      return `python -m pytest -v ${test.path}::${test.owner ? `${test.owner}::` : ""}${test.name}`;
    case "js":
      switch (setup.jsRunner) {
        case "mocha":
          return `npx mocha ${test.path} -g ${quoteShell(test.name)}`;
        case "jest":
          return `npx jest ${test.path} -t ${quoteShell(test.name)}`;
        case "vitest":
          return `npx vitest run ${test.path} -t ${quoteShell(test.name)}`;
        case "node":
          return `node --test ${test.path}`;
        default:
          return `${setup.packageRunner} test -- ${test.path}`;
      }
    default:
      return setup.suite;
  }
}

interface CargoExample {
  name: string;
  path?: string;
  features: string[];
}

/** The `[[example]]` tables of a Cargo.toml: a name, its file, its required features. */
export function cargoExamples(toml: string): CargoExample[] {
  return toml
    .split(/^\[\[example\]\]\s*$/m)
    .slice(1)
    .map((block) => block.split(/^\[/m)[0] as string)
    .flatMap((block) => {
      const name = /^name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
      if (!name) return [];
      const features = /^required-features\s*=\s*\[([^\]]*)\]/m.exec(block)?.[1] ?? "";
      return [
        {
          name,
          path: /^path\s*=\s*"([^"]+)"/m.exec(block)?.[1],
          features: [...features.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string),
        },
      ];
    });
}

async function cargoExampleCommand(reader: SourceReader, files: string[]): Promise<string | null> {
  const declared = cargoExamples(await reader.read("Cargo.toml").catch(() => ""));
  // Cargo names an example after its table (`name = "hostname"` for multicall-hostname.rs).
  const runnable = files.flatMap((path) => {
    const stem = /^examples\/([\w-]+)(\.rs|\/main\.rs)$/.exec(path)?.[1];
    if (!stem) return [];
    const table = declared.find((e) => e.path === path || (!e.path && e.name === stem));
    return [table ?? { name: stem, features: [] }];
  });
  const best = [...runnable].sort((a, b) => a.features.length - b.features.length)[0];
  if (!best) return null;
  const features = best.features.length > 0 ? ` --features ${best.features.join(",")}` : "";
  return `cargo run --example ${best.name}${features}`;
}

/**
 * A runnable example when the repository ships no tests: a Rust crate's example (with the
 * features its Cargo.toml requires), a Go `main` package under examples, a Python or
 * JavaScript example script; the smallest at the shallowest depth first.
 */
export async function exampleCommand(map: CodeMap, reader: SourceReader): Promise<string | null> {
  const has = (p: string) => map.files.some((f) => f.path === p);
  const examples = map.files
    .filter((f) => /^(examples?|_examples)\//.test(f.path) && f.language)
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length || a.lines - b.lines);
  if (has("Cargo.toml")) {
    const rust = await cargoExampleCommand(
      reader,
      examples.map((f) => f.path),
    );
    if (rust) return rust;
  }
  for (const f of examples) {
    if (f.language === "go" && /\/main\.go$/.test(f.path) && has("go.mod"))
      return `go run ./${f.path.slice(0, f.path.lastIndexOf("/"))}`;
    if (f.language === "python" && /\.py$/.test(f.path)) return `python ${f.path}`;
    if (f.language === "javascript" && /\.(c|m)?js$/.test(f.path)) return `node ${f.path}`;
  }
  return null;
}
