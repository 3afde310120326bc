import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";
import { getOrCreate } from "./maps.ts";
import { ReadSet } from "./read-set.ts";

/**
 * What one function run did, collected by wrapping convex-test's syscalls and the console.
 * The engine opens one per client request; scheduled functions and crons run without one.
 */
export interface RunContext {
  /** What the run read (ranges, ids, tables): the subscription's read set. */
  reads: ReadSet;
  logLines: string[];
  /** Pinned end cursor of the run's `.paginate()`, from the query's journal. */
  journalEndCursor: string | null;
  /** The end cursor this run's `.paginate()` produced, for the journal it hands back. */
  producedEndCursor: string | null;
  /** Closed once the request finished (timers it started may still carry it). */
  open: boolean;
}

export const runStorage = new AsyncLocalStorage<RunContext>();

export function newRunContext(journalEndCursor: string | null): RunContext {
  return {
    reads: new ReadSet(),
    logLines: [],
    journalEndCursor,
    producedEndCursor: null,
    open: true,
  };
}

export function currentRun(): RunContext | undefined {
  const ctx = runStorage.getStore();
  return ctx?.open ? ctx : undefined;
}

/** convex-test ids are "<counter><table>". */
export function tableFromId(id: string): string | null {
  const match = /^[0-9]+/.exec(id);
  return match && match[0].length < id.length ? id.slice(match[0].length) : null;
}

type Syscall = (op: string, jsonArgs: string) => string;
type AsyncSyscall = (op: string, jsonArgs: string) => Promise<string>;

export interface SyscallHooks {
  onWrite(table: string): void;
  onQueryCleanup(queryId: number): void;
}

const WRITE_OPS = new Set(["1.0/insert", "1.0/shallowMerge", "1.0/replace", "1.0/remove"]);
const SCHEDULER_OPS = new Set([
  "1.0/schedule",
  "1.0/cancel_job",
  "1.0/actions/schedule",
  "1.0/actions/cancel_job",
]);
const STORAGE_WRITE_OPS = new Set(["1.0/storageDelete", "1.0/storageStore"]);

function wrapSync(original: Syscall, hooks: SyscallHooks): Syscall {
  return (op, jsonArgs) => {
    if (op === "1.0/queryStream") {
      const result = original(op, jsonArgs);
      const run = currentRun();
      if (run) run.reads.openStream(JSON.parse(result).queryId, JSON.parse(jsonArgs).query);
      return result;
    }
    if (op === "1.0/queryCleanup") {
      const result = original(op, jsonArgs);
      hooks.onQueryCleanup(JSON.parse(jsonArgs).queryId);
      return result;
    }
    return original(op, jsonArgs);
  };
}

async function paginateWithJournal(original: AsyncSyscall, jsonArgs: string): Promise<string> {
  const args = JSON.parse(jsonArgs);
  const run = currentRun();
  run?.reads.addSource(args.query.source);
  // A page re-run keeps the end cursor of its first run, so rows inserted above it do not
  // push rows out of the page (real Convex does this through the query journal).
  if (run?.journalEndCursor && (args.endCursor === null || args.endCursor === undefined)) {
    args.endCursor = run.journalEndCursor;
  }
  const result = JSON.parse(await original("1.0/queryPage", JSON.stringify(args)));
  if (typeof args.endCursor === "string" && args.endCursor !== "_end_cursor") {
    // convex-test reports "done" when nothing sits exactly at the end cursor; a bounded page
    // always continues at its end cursor.
    result.continueCursor = args.endCursor;
    result.isDone = false;
  }
  if (run) run.producedEndCursor = result.continueCursor;
  return JSON.stringify(result);
}

function wrapAsync(original: AsyncSyscall, hooks: SyscallHooks): AsyncSyscall {
  return async (op, jsonArgs) => {
    if (op === "1.0/queryPage") return await paginateWithJournal(original, jsonArgs);
    const run = currentRun();
    if (run && op === "1.0/queryStreamNext") {
      const result = await original(op, jsonArgs);
      run.reads.streamNext(JSON.parse(jsonArgs).queryId, result);
      return result;
    }
    if (run && op === "1.0/get") {
      run.reads.addId(JSON.parse(jsonArgs).id);
    } else if (run && op === "1.0/count") {
      run.reads.addTable(JSON.parse(jsonArgs).table);
    } else if (run && (op === "1.0/storageGet" || op === "1.0/storageGetUrl")) {
      run.reads.addTable("_storage");
    }
    const result = await original(op, jsonArgs);
    if (WRITE_OPS.has(op)) {
      const { table, id } = JSON.parse(jsonArgs);
      const written = table ?? tableFromId(id);
      if (written) hooks.onWrite(written);
    } else if (SCHEDULER_OPS.has(op)) {
      hooks.onWrite("_scheduled_functions");
    } else if (STORAGE_WRITE_OPS.has(op)) {
      hooks.onWrite("_storage");
    }
    return result;
  };
}

interface ConvexGlobalSyscalls {
  syscall: Syscall;
  asyncSyscall: AsyncSyscall;
  jsSyscall: unknown;
}

let activeHooks: SyscallHooks | null = null;

/**
 * convex-test installs `globalThis.Convex` (the syscall entry of `convex/server`) once per
 * process; wrap it so every function run reports its reads and writes to the active server.
 * One server runs per process at a time (tests stop one before starting the next).
 */
export function installSyscallTracking(hooks: SyscallHooks): void {
  activeHooks = hooks;
  const g = globalThis as unknown as { Convex?: ConvexGlobalSyscalls & { __tracked?: boolean } };
  const original = g.Convex;
  if (!original) throw new Error("convex-test did not install globalThis.Convex");
  if (original.__tracked) return;
  const routed: SyscallHooks = {
    onWrite: (table) => activeHooks?.onWrite(table),
    onQueryCleanup: (queryId) => activeHooks?.onQueryCleanup(queryId),
  };
  const syncWrappers = new WeakMap<Syscall, Syscall>();
  const asyncWrappers = new WeakMap<AsyncSyscall, AsyncSyscall>();
  g.Convex = {
    __tracked: true,
    get syscall() {
      const fn = original.syscall;
      return getOrCreate(syncWrappers, fn, () => wrapSync(fn, routed));
    },
    get asyncSyscall() {
      const fn = original.asyncSyscall;
      return getOrCreate(asyncWrappers, fn, () => wrapAsync(fn, routed));
    },
    get jsSyscall() {
      return original.jsSyscall;
    },
  };
}

export function uninstallSyscallHooks(hooks: SyscallHooks): void {
  if (activeHooks === hooks) activeHooks = null;
}

const LEVELS = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" } as const;

/**
 * Functions' console output becomes the request's log lines ("[LOG] 'text'"), which the
 * clients print; output of background work (scheduled functions, crons) goes to the server log.
 */
let consoleCaptured = false;

export function installConsoleCapture(): void {
  if (consoleCaptured) return;
  consoleCaptured = true;
  const base = globalThis.console;
  const capturing = Object.create(base) as Console;
  for (const [method, level] of Object.entries(LEVELS)) {
    (capturing as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const run = currentRun();
      const line = `[${level}] ${args.map((a) => inspect(a, { depth: 4 })).join(" ")}`;
      if (run) run.logLines.push(line);
      else (base[method as keyof typeof LEVELS] as (...a: unknown[]) => void)(...args);
    };
  }
  globalThis.console = capturing;
}
