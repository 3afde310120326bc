/** Picks the emitter: NDJSON on stdout with --json, the human display on stderr otherwise. */
import type { Emitter } from "../types.ts";
import { JsonEmitter } from "./json.ts";
import { TerminalEmitter } from "./terminal.ts";

export function createEmitter(json: boolean): Emitter {
  return json ? new JsonEmitter() : new TerminalEmitter();
}

export { JsonEmitter, TerminalEmitter };
