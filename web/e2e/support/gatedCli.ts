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
}

export function writeGatedCli(dir: string, options: GatedCliOptions = {}): GatedCli {
  const gate = join(dir, "gated-cli.open");
  const path = join(dir, "gated-cli-entry.mjs");
  const append = join(dir, "gated-cli-append.md");
  if (options.appendToFirstChapter !== undefined) {
    writeFileSync(append, options.appendToFirstChapter);
  }
  writeFileSync(
    path,
    [
      `process.env.GATED_CLI_GATE = ${JSON.stringify(gate)};`,
      `process.env.GATED_CLI_REAL = ${JSON.stringify(REAL_CLI)};`,
      ...(options.appendToFirstChapter !== undefined
        ? [`process.env.GATED_CLI_APPEND = ${JSON.stringify(append)};`]
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
