/**
 * The main path through a central type: its builder (`SearcherBuilder` for `Searcher`), then
 * the methods a request or a command goes through (`Command.ExecuteC`, `Flask.wsgi_app`,
 * `Engine.ServeHTTP`): those a runtime protocol calls, then those of its public methods
 * that other code calls and that call the most of the project's own code (they orchestrate
 * the rest).
 *
 * Read by the overview's core list (chapters.ts).
 */
import { callKey } from "./calls.ts";
import {
  type Core,
  declarationScore,
  isPeripheryPath,
  ownerName,
  type RankedDeclaration,
  shortName,
} from "./core.ts";

/** Methods a runtime calls by protocol: `http.Handler`, a WSGI or Python callable. */
const PROTOCOL = new Set(["ServeHTTP", "__call__"]);
/** An orchestrator calls at least this many of the project's names. */
const MIN_FAN_OUT = 3;

export const TYPE_KINDS = new Set(["class", "struct", "interface", "trait", "enum"]);

/** Up to `count` declarations on `type`'s main path: its builder, protocol methods, orchestrators. */
export function mainPath(core: Core, type: RankedDeclaration, count: number): RankedDeclaration[] {
  const candidates: { r: RankedDeclaration; rank: number }[] = [];
  const builder = `${type.item.name}Builder`;
  for (const file of core.files) {
    if (isPeripheryPath(file.path)) continue;
    for (const item of file.outline) {
      // Builder -> built object: `SearcherBuilder` is how a `Searcher` is made.
      if (item.name === builder && TYPE_KINDS.has(item.kind)) {
        candidates.push({ r: { file, item, score: 2000 }, rank: 2000 });
        continue;
      }
      if (item.kind !== "method" || ownerName(item.name) !== type.item.name) continue;
      const name = shortName(item.name);
      const fanOut = core.calls.fanOut.get(callKey(file, item)) ?? 0;
      const called = (core.calls.callers.get(name) ?? 0) > 0;
      let rank = -1;
      if (PROTOCOL.has(name)) rank = 1000 + fanOut;
      else if (item.exported && called && fanOut >= MIN_FAN_OUT) rank = fanOut;
      if (rank >= 0) candidates.push({ r: { file, item, score: rank }, rank });
    }
  }
  return candidates
    .sort((a, b) => b.rank - a.rank || a.r.item.line - b.r.item.line)
    .slice(0, count)
    .map((c) => c.r);
}

/**
 * Where a user's first object leads (`initTRPC = new TRPCBuilder()`, the README's import):
 * the project's exported functions that its class's README-called methods (`create`) call,
 * or that it calls itself, most central first.
 */
export function startPath(
  core: Core,
  start: RankedDeclaration,
  count: number,
): RankedDeclaration[] {
  const made = /=\s*new\s+([A-Za-z_$][\w$]*)/.exec(start.item.signature ?? "")?.[1];
  const called = new Set(core.calls.callees.get(callKey(start.file, start.item)) ?? []);
  if (made) for (const name of madeCallees(core, made)) called.add(name);
  const out: RankedDeclaration[] = [];
  for (const file of core.files) {
    if (isPeripheryPath(file.path)) continue;
    for (const item of file.outline)
      if (item.kind === "function" && item.exported && called.has(item.name))
        out.push({ file, item, score: declarationScore(core, file, item) });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, count);
}

/** What the README-called methods of class `made` call; its whole body's calls when none is known. */
function madeCallees(core: Core, made: string): Set<string> {
  const viaMethods = new Set<string>();
  const viaClass = new Set<string>();
  for (const file of core.files)
    for (const item of file.outline) {
      const calls = core.calls.callees.get(callKey(file, item)) ?? [];
      if (item.kind === "class" && item.name === made) for (const n of calls) viaClass.add(n);
      if (
        item.kind === "method" &&
        ownerName(item.name) === made &&
        core.readmeNames.has(shortName(item.name))
      )
        for (const n of calls) viaMethods.add(n);
    }
  return viaMethods.size > 0 ? viaMethods : viaClass;
}
