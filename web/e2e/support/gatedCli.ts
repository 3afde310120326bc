/**
 * A CLI_PATH for the worker that holds every run at a gate until the test opens it
 * (fixtures/gated-cli.mjs), then runs the real CLI (offline: the worker passes no API key).
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { REAL_CLI } from "../../../worker/test/support/e2e.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/gated-cli.mjs", import.meta.url));

export interface GatedCli {
  /** The script to give the worker as CLI_PATH. */
  path: string;
  /** Runs waiting at the gate (and later ones) go ahead. */
  open(): void;
  /** Later runs wait again. */
  close(): void;
  isOpen(): boolean;
}

export interface GatedCliOptions {
  /** Open the gate from the start. */
  open?: boolean;
  /** Markdown appended to the first chapter of every course the CLI writes. */
  appendToFirstChapter?: string;
  /** Markdown appended to the last lesson. In both, `{{first}}` is the first chapter's link path. */
  appendToLastLesson?: string;
}

export function writeGatedCli(dir: string, options: GatedCliOptions = {}): GatedCli {
  const gate = join(dir, "gated-cli.open");
  const path = join(dir, "gated-cli-entry.mjs");
  const append = join(dir, "gated-cli-append.md");
  const appendLast = join(dir, "gated-cli-append-last.md");
  if (options.appendToFirstChapter !== undefined) {
    writeFileSync(append, options.appendToFirstChapter);
  }
  if (options.appendToLastLesson !== undefined)
    writeFileSync(appendLast, options.appendToLastLesson);
  writeFileSync(
    path,
    [
      `process.env.GATED_CLI_GATE = ${JSON.stringify(gate)};`,
      `process.env.GATED_CLI_REAL = ${JSON.stringify(REAL_CLI)};`,
      ...(options.appendToFirstChapter !== undefined
        ? [`process.env.GATED_CLI_APPEND = ${JSON.stringify(append)};`]
        : []),
      ...(options.appendToLastLesson !== undefined
        ? [`process.env.GATED_CLI_APPEND_LAST = ${JSON.stringify(appendLast)};`]
        : []),
      `await import(${JSON.stringify(pathToFileURL(FIXTURE).href)});`,
      "",
    ].join("\n"),
  );
  const cli: GatedCli = {
    path,
    open: () => writeFileSync(gate, "open\n"),
    close: () => rmSync(gate, { force: true }),
    isOpen: () => existsSync(gate),
  };
  if (options.open) cli.open();
  return cli;
}
