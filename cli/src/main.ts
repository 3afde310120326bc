#!/usr/bin/env node
/**
 * The `fondation` command line: parses arguments (commander), runs a command, and turns any
 * failure into one actionable stderr line, a `run.failed` event with --json, and an exit
 * code: 0 ok, 1 internal, 2 usage, 3 input, 4 model, 130 interrupted.
 */
import { Command, CommanderError, Option } from "commander";
import {
  DEFAULTS,
  intIn,
  LANGUAGE_CHOICES,
  MAX_CHAPTERS_LIMIT,
  MODEL_CHOICES,
} from "./commands/options.ts";
import { createEmitter } from "./emit/index.ts";
import { EXIT_CODES, exitCodeFor, toCliError } from "./errors.ts";
import type { Emitter } from "./types.ts";

const HELP_AFTER = `
Environment:
  ANTHROPIC_API_KEY   key for the model run; without it, analyze writes an offline course
  ANTHROPIC_BASE_URL  another Messages API endpoint (the SDK's own variable)
  FONDATION_DEBUG     set to print the stack trace of an internal error

Exit codes:
  0 success · 1 internal error · 2 usage error · 3 input error (not a folder, empty,
  nothing to analyse) · 4 model error (auth, quota, unavailable after retries) · 130 interrupted`;

function buildProgram(
  run: (
    work: (emit: Emitter, signal: AbortSignal) => Promise<void>,
    json: boolean,
  ) => Promise<void>,
): Command {
  const program = new Command("fondation")
    .description(
      "Turn a repository into a course: chapters, tutorials and diagrams that teach its core ideas.",
    )
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", HELP_AFTER)
    .exitOverride();

  program
    .command("analyze")
    .description(
      "Write a course for a folder: course.json and one markdown file per chapter and tutorial.",
    )
    .argument("<dir>", "folder to analyse (a git work tree or any folder)")
    .addHelpText("after", HELP_AFTER)
    .option(
      "-o, --out <dir>",
      `course folder (default: <dir>/${DEFAULTS.outInsideRepo}, never scanned)`,
    )
    .addOption(
      new Option("-l, --language <code>", "language of the prose (code stays code)")
        .choices(LANGUAGE_CHOICES)
        .default(DEFAULTS.language),
    )
    .addOption(
      new Option("-m, --model <id>", "model that writes the course")
        .choices(MODEL_CHOICES)
        .default(DEFAULTS.model),
    )
    .option(
      "-c, --concurrency <n>",
      "model requests in flight at once (steps 4-6)",
      intIn(1, 32),
      DEFAULTS.concurrency,
    )
    .option(
      "--resume",
      "continue from the checkpoints of an earlier run (the default: finished model calls are never repeated)",
    )
    .option("--fresh", "discard the checkpoints of earlier runs and start over")
    .option("--json", "write NDJSON progress events on stdout (logs go to stderr)")
    .option(
      "--offline",
      "write a structural course from the code map, with no model (also the default without ANTHROPIC_API_KEY)",
    )
    .option(
      "--max-chapters <n>",
      "chapters at most, overview included",
      intIn(1, MAX_CHAPTERS_LIMIT),
      DEFAULTS.maxChapters,
    )
    .option("--repository-url <url>", "clone URL to record in course.json (the worker passes it)")
    .option(
      "--update <course>",
      "bring a previous course folder up to date: keep the lessons whose files did not change, rewrite the others",
    )
    .action(async (dir: string, flags) => {
      await run(async (emit, signal) => {
        // Loaded on use: `--help` and usage errors need none of the pipeline.
        const { analyzeCommand } = await import("./commands/analyze.ts");
        const result = await analyzeCommand(dir, flags, emit, process.env, signal);
        if (!flags.json) process.stdout.write(`Course written to ${result.outDir}\n`);
      }, Boolean(flags.json));
    });

  program
    .command("estimate")
    .description(
      "What a model run would cost, before any model call: files kept and skipped, tokens per step, a cost range.",
    )
    .argument("<dir>", "folder to analyse")
    .addHelpText("after", HELP_AFTER)
    .addOption(
      new Option("-m, --model <id>", "model to price")
        .choices(MODEL_CHOICES)
        .default(DEFAULTS.model),
    )
    .option(
      "--max-chapters <n>",
      "chapters at most, overview included",
      intIn(1, MAX_CHAPTERS_LIMIT),
      DEFAULTS.maxChapters,
    )
    .option("--json", "print the estimate as one JSON object")
    .option("--offline", "count tokens from characters even when ANTHROPIC_API_KEY is set")
    .action(async (dir: string, flags) => {
      await run(async () => {
        const { estimateCommand, formatEstimate } = await import("./commands/estimate.ts");
        const estimate = await estimateCommand(dir, flags, process.env);
        process.stdout.write(
          flags.json ? `${JSON.stringify(estimate)}\n` : `${formatEstimate(estimate)}\n`,
        );
      }, Boolean(flags.json));
    });

  program
    .command("ask")
    .description(
      "Answer a question about a course's repository, citing path:start-end lines that exist (no key: the best-ranked passages, labelled as such).",
    )
    .argument("<course>", "course folder (what `fondation analyze --out` wrote)")
    .argument("<question>", "the question, quoted")
    .addHelpText("after", HELP_AFTER)
    .option(
      "-r, --repo <dir>",
      "the repository the course was made from (default: the folder holding .fondation/course)",
    )
    .addOption(
      new Option("-m, --model <id>", "model that writes the answer").choices(MODEL_CHOICES),
    )
    .option(
      "--offline",
      "answer from the ranked passages, with no model, even with ANTHROPIC_API_KEY",
    )
    .option("--json", "print the answer as one JSON object")
    .action(async (course: string, question: string, flags) => {
      await run(async (_emit, signal) => {
        const { askCommand } = await import("./commands/ask.ts");
        await askCommand(course, question, flags, process.env, signal);
      }, Boolean(flags.json));
    });

  program
    .command("mcp")
    .description(
      "Serve a course to a coding agent over stdio (Model Context Protocol): list_courses, read_outline, read_lesson, search, ask.",
    )
    .argument("<course>", "course folder (what `fondation analyze --out` wrote)")
    .addHelpText("after", HELP_AFTER)
    .option(
      "-r, --repo <dir>",
      "the repository the course was made from (default: the folder holding .fondation/course)",
    )
    .addOption(new Option("-m, --model <id>", "model that writes answers").choices(MODEL_CHOICES))
    .option(
      "--offline",
      "answer from the ranked passages, with no model, even with ANTHROPIC_API_KEY",
    )
    .action(async (course: string, flags) => {
      // Not --json: stdout carries the protocol, and a failure before it starts is one stderr line.
      await run(async () => {
        const { serveStdio } = await import("./mcp/server.ts");
        await serveStdio(course, {
          ...flags,
          env: process.env,
          log: (line) => process.stderr.write(`fondation mcp: ${line}\n`),
        });
      }, false);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const run = async (
    work: (emit: Emitter, signal: AbortSignal) => Promise<void>,
    json: boolean,
  ) => {
    const emit = createEmitter(json);
    try {
      await work(emit, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) {
        emit.emit({
          kind: "run.failed",
          code: "internal",
          message: "Interrupted: run the same command again to continue from what is done.",
          retryable: true,
        });
        process.stderr.write(
          "fondation: interrupted; run the same command again to continue from what is done.\n",
        );
        exitCode = EXIT_CODES.interrupted;
        return;
      }
      const failure = toCliError(error);
      emit.emit({
        kind: "run.failed",
        code: failure.code,
        message: failure.message,
        retryable: failure.retryable,
      });
      process.stderr.write(`fondation: ${failure.message}\n`);
      if (failure.kind === "internal" && process.env.FONDATION_DEBUG)
        process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
      exitCode = exitCodeFor(failure);
    }
  };

  const program = buildProgram(run);
  program.configureOutput({
    // Commander's own messages ("error: unknown option ...") are already one line.
    writeErr: (text) =>
      process.stderr.write(text.startsWith("error:") ? `fondation: ${text.slice(7)}` : text),
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.help" ||
        error.code === "commander.version"
      ) {
        return EXIT_CODES.ok;
      }
      if (argv.includes("--json")) {
        createEmitter(true).emit({
          kind: "run.failed",
          code: "invalid_options",
          message: error.message.replace(/^error: /, ""),
          retryable: false,
        });
      }
      return EXIT_CODES.usage;
    }
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return exitCode;
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry || process.env.FONDATION_BIN === "1") {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(
        `fondation: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = EXIT_CODES.internal;
    },
  );
}
