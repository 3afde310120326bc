/**
 * Answer quality of `fondation ask` on questions with known answers (ask-quality.json): for
 * three third-party source trees, an offline course is built (the real CLI), then each
 * question is asked. Two figures per run, checked from the repository's own files, not with
 * the validator under test: citations that resolve (the file exists in the repository and
 * the range is inside it: must be 100 %), and answers whose cited lines in the expected file
 * contain the expected symbol (target ≥ 80 %).
 *
 *   node cli/bench/ask-quality.ts             # offline (retrieval only)
 *   node cli/bench/ask-quality.ts --standin   # also through the model path, on the API stand-in
 *
 * The stand-in is no model: it answers by citing the three excerpts of its context that share
 * the most words with the question. Its run measures the model path (context, request shape,
 * streaming, validation) and its latency (first text and whole answer, with a first-token
 * delay of 300-900 ms and 5 ms per output token), not a model's judgment.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { type AskAnswer, askCourse, type OpenedCourse, openCourse } from "../src/ask/index.ts";
import { citationsInMarkdown } from "../src/output/citations.ts";
import { requestText, startAnthropicStandin } from "../test/support/anthropic-standin.ts";
import { fmt } from "./common.ts";

interface Question {
  q: string;
  file: string;
  symbol: string;
}
interface Repo {
  name: string;
  language: string;
  package?: string;
  subdir?: string;
  path?: string;
  questions: Question[];
}

const { values } = parseArgs({ options: { standin: { type: "boolean", default: false } } });
const spec = JSON.parse(readFileSync(join(import.meta.dirname, "ask-quality.json"), "utf8")) as {
  repos: Repo[];
};
const MAIN = resolve(import.meta.dirname, "../src/main.ts");

function locate(repo: Repo): string | null {
  const base = repo.package
    ? join(import.meta.dirname, "../node_modules", repo.package, repo.subdir ?? "")
    : (repo.path ?? "");
  return base && existsSync(base) && statSync(base).isDirectory() ? realpathSync(base) : null;
}

/** An offline course for `repo`, written by the real CLI (no key in its environment). */
function offlineCourse(repo: string): string {
  const out = mkdtempSync(join(tmpdir(), "fondation-ask-quality-"));
  const env = { ...process.env };
  delete env.ANTHROPIC_API_KEY;
  execFileSync(process.execPath, [MAIN, "analyze", repo, "--out", out, "--offline"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return out;
}

/** Lines of a file of the repository, read here (not by the code under test), or null. */
function fileLines(root: string, path: string): string[] | null {
  const abs = resolve(root, path);
  if (!abs.startsWith(root + sep) || !existsSync(abs)) return null;
  const text = readFileSync(abs, "utf8");
  const lines = text.split(/\r?\n/);
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

interface Score {
  citations: number;
  resolved: number;
  answered: boolean;
  /** 1-based position of the first citation holding the answer. */
  rank: number | null;
}

function score(answer: AskAnswer, root: string, q: Question): Score {
  const cited = citationsInMarkdown(answer.markdown);
  let resolved = 0;
  let rank: number | null = null;
  cited.forEach((c, i) => {
    const lines = fileLines(root, c.path);
    if (!lines || c.startLine < 1 || c.endLine < c.startLine || c.endLine > lines.length) return;
    resolved++;
    const text = lines.slice(c.startLine - 1, c.endLine).join("\n");
    if (rank === null && c.path === q.file && text.includes(q.symbol)) rank = i + 1;
  });
  return { citations: cited.length, resolved, answered: rank !== null, rank };
}

function pct(n: number, d: number): string {
  return d === 0 ? "n/a" : `${fmt((100 * n) / d, 0)} %`;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

type Mode = "offline" | "standin";
const totals: Record<Mode, { q: number; cit: number; res: number; ok: number; top1: number }> = {
  offline: { q: 0, cit: 0, res: 0, ok: 0, top1: 0 },
  standin: { q: 0, cit: 0, res: 0, ok: 0, top1: 0 },
};
const firstText: number[] = [];
const complete: number[] = [];

const standin = values.standin
  ? await startAnthropicStandin({
      apiKey: "bench",
      latency: { firstTokenMs: () => 300 + Math.floor(Math.random() * 600), perOutputTokenMs: 5 },
      script: (request) => ({ type: "text", text: standinAnswer(requestText(request.body)) }),
    })
  : null;

/** The stand-in's answer: the three excerpts sharing most words with the question, cited. */
function standinAnswer(prompt: string): string {
  const question = /<question>([\s\S]*?)<\/question>/.exec(prompt)?.[1] ?? "";
  const words = new Set(question.toLowerCase().match(/[a-z]{3,}/g) ?? []);
  const excerpts = [...prompt.matchAll(/<excerpt cite="([^"]+)"[^>]*>([\s\S]*?)<\/excerpt>/g)];
  const ranked = excerpts
    .map((m, i) => {
      const text = (m[2] ?? "").toLowerCase();
      const shared = [...words].filter((w) => text.includes(w)).length;
      return { cite: m[1] as string, shared, i };
    })
    .sort((a, b) => b.shared - a.shared || a.i - b.i)
    .slice(0, 3);
  if (ranked.length === 0) return "The excerpts do not answer this question.";
  return ranked.map((r) => `This is handled in \`${r.cite}\`.`).join(" ");
}

async function ask(mode: Mode, opened: OpenedCourse, q: string): Promise<AskAnswer> {
  if (mode === "offline") return askCourse(opened, q, { offline: true, env: {} });
  const started = performance.now();
  let first: number | null = null;
  const answer = await askCourse(opened, q, {
    env: { ANTHROPIC_API_KEY: "bench", ANTHROPIC_BASE_URL: standin?.url },
    onText: () => {
      first ??= performance.now() - started;
    },
  });
  if (first !== null) firstText.push(first);
  complete.push(performance.now() - started);
  return answer;
}

const modes: Mode[] = values.standin ? ["offline", "standin"] : ["offline"];
for (const repo of spec.repos) {
  const root = locate(repo);
  if (!root) {
    console.log(`${repo.name}: not found on this machine, skipped`);
    continue;
  }
  const course = offlineCourse(root);
  try {
    const opened = await openCourse(course, { repo: root });
    console.log(`\n${repo.name} (${repo.language}, ${opened.map.files.length} files)`);
    for (const q of repo.questions) {
      const marks: string[] = [];
      for (const mode of modes) {
        const s = score(await ask(mode, opened, q.q), root, q);
        const t = totals[mode];
        t.q++;
        t.cit += s.citations;
        t.res += s.resolved;
        if (s.answered) t.ok++;
        if (s.rank === 1) t.top1++;
        marks.push(`${mode} ${s.answered ? `ok@${s.rank}` : "MISS"} ${s.resolved}/${s.citations}`);
      }
      console.log(`  ${marks.join(" · ")}  ${q.q}  (${q.file}: ${q.symbol})`);
    }
  } finally {
    rmSync(course, { recursive: true, force: true });
  }
}
await standin?.close();

console.log("");
for (const mode of modes) {
  const t = totals[mode];
  console.log(
    `${mode}: ${t.q} questions · citations resolve ${pct(t.res, t.cit)} (${t.res}/${t.cit}) · cited lines hold the answer ${pct(t.ok, t.q)} (${t.ok}/${t.q}; first citation ${t.top1}/${t.q})`,
  );
}
if (values.standin && complete.length > 0) {
  console.log(
    `stand-in latency: first text p50 ${fmt(percentile(firstText, 50), 0)} ms, p95 ${fmt(percentile(firstText, 95), 0)} ms · complete p50 ${fmt(percentile(complete, 50), 0)} ms, p95 ${fmt(percentile(complete, 95), 0)} ms (${complete.length} answers)`,
  );
}
