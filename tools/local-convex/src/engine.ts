import { executionAsyncResource } from "node:async_hooks";
import { makeFunctionReference, type UserIdentity } from "convex/server";
import { convexToJson, type JSONValue, jsonToConvex, type Value } from "convex/values";
import { convexTest } from "convex-test";
import type { LoadedApp } from "./app.ts";
import { CommitFeed } from "./commits.ts";
import { installQueryCursors } from "./cursors.ts";
import { FileStorage, installFileStorageUrls } from "./file-storage.ts";
import { installIndexCache } from "./index-cache.ts";
import { argumentsError, installDocumentLimits, returnValueError } from "./limits.ts";
import type { ReadSet } from "./read-set.ts";
import { installScheduledFunctionFields } from "./scheduled-functions.ts";
import { installTextSearch } from "./text-search.ts";
import {
  installConsoleCapture,
  installSyscallTracking,
  newRunContext,
  runStorage,
  type SyscallHooks,
  uninstallSyscallHooks,
} from "./tracking.ts";
import { argumentValidationError } from "./validation.ts";

export type FunctionKind = "query" | "mutation" | "action";

export type RunOutcome =
  | { success: true; value: JSONValue; logLines: string[] }
  | { success: false; errorMessage: string; errorData?: JSONValue; logLines: string[] };

export interface QueryOutcome {
  outcome: RunOutcome;
  reads: ReadSet;
  journal: string | null;
}

/** Thrown for requests the backend refuses before running anything (unknown, internal…). */
export class RequestError extends Error {}

type TestConvex = ReturnType<typeof convexTest>;
type Accessor = Omit<TestConvex, "withIdentity" | "registerComponent" | "withRequestMetadata">;

/** convex-test's in-memory database (not exported; reached once at start-up). */
export interface DatabaseInternals {
  _documents: Record<string, Record<string, Value>>;
  _tableIds: Map<string, Set<string>>;
  _nextDocId: number;
  _lastCreationTime: number;
  _queryResults: Record<number, unknown>;
  get(table: string, id: string): Record<string, Value> | null;
  patch(table: string, id: string, value: Record<string, JSONValue>): void;
}

/** "messages:list", "messages", "messages.js:list" → { modulePath, exportName }. */
export function parseUdfPath(udfPath: string): { modulePath: string; exportName: string } {
  const [rawModule = "", exportName = "default"] = udfPath.split(":");
  return { modulePath: rawModule.replace(/\.js$/, ""), exportName };
}

interface RegisteredFunction {
  exportArgs?: () => string;
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
}

function kindOf(fn: RegisteredFunction): FunctionKind | null {
  if (fn.isQuery) return "query";
  if (fn.isMutation) return "mutation";
  if (fn.isAction) return "action";
  return null;
}

function errorOutcome(error: unknown, logLines: string[]): RunOutcome {
  if (typeof error === "object" && error !== null && Symbol.for("ConvexError") in error) {
    const data = (error as { data: Value }).data;
    return {
      success: false,
      errorMessage: `Uncaught ConvexError: ${(error as Error).message}`,
      errorData: convexToJson(data),
      logLines,
    };
  }
  if (error instanceof Error) {
    return { success: false, errorMessage: `Uncaught ${error.name}: ${error.message}`, logLines };
  }
  return { success: false, errorMessage: `Uncaught ${String(error)}`, logLines };
}

/** Runs an app's Convex functions with convex-test, as clients and the server itself ask. */
export class Engine {
  readonly app: LoadedApp;
  readonly t: TestConvex;
  readonly db: DatabaseInternals;
  readonly #accessors = new Map<string, Accessor>();
  hooks: SyscallHooks | null = null;
  indexCache: { clear(): void } = { clear: () => {} };
  /** Upload and file URLs on this server (its base URL is set once it listens). */
  readonly storage = new FileStorage();
  /** Every committed document change, for the index cache, the store and read sets. */
  commits: CommitFeed;

  private constructor(app: LoadedApp, t: TestConvex, db: DatabaseInternals) {
    this.app = app;
    this.t = t;
    this.db = db;
    this.commits = new CommitFeed(db);
  }

  static async create(app: LoadedApp, onWrite: (table: string) => void): Promise<Engine> {
    // transactionLimits: Convex's per-transaction read/write limits, with their wording.
    const t = convexTest({
      schema: app.schema as never,
      modules: app.modules as never,
      transactionLimits: true,
    });
    installConsoleCapture();
    let db: DatabaseInternals | undefined;
    await t.run(async () => {
      // convex-test keeps its state in an AsyncLocalStorage store; find it on the current
      // async resource (Node 22 keeps stores there) to reach the database for persistence.
      const resource = executionAsyncResource() as Record<symbol, unknown>;
      for (const key of Object.getOwnPropertySymbols(resource)) {
        const store = resource[key] as { components?: Record<string, { db: unknown }> } | null;
        if (store && typeof store === "object" && store.components?.[""]?.db) {
          db = store.components[""].db as DatabaseInternals;
        }
      }
    });
    if (!db) {
      throw new Error("local-convex could not reach convex-test's database: its internals changed");
    }
    const reachedDb = db;
    const engine = new Engine(app, t, reachedDb);
    // Before the index cache, which hands search queries to the resolution it wraps.
    installTextSearch(reachedDb);
    engine.indexCache = installIndexCache(reachedDb, engine.commits);
    installDocumentLimits(reachedDb);
    installQueryCursors(reachedDb);
    installScheduledFunctionFields(reachedDb);
    engine.hooks = {
      onWrite,
      onQueryCleanup: (queryId) => {
        delete reachedDb._queryResults[queryId];
      },
    };
    installSyscallTracking(engine.hooks);
    installFileStorageUrls(engine.storage);
    return engine;
  }

  /** Stops routing this engine's syscalls to its server (before another server starts). */
  close(): void {
    if (this.hooks) uninstallSyscallHooks(this.hooks);
  }

  accessor(identity: UserIdentity | null): Accessor {
    if (identity === null) return this.t;
    const key = JSON.stringify(identity);
    let accessor = this.#accessors.get(key);
    if (!accessor) {
      accessor = this.t.withIdentity(identity);
      if (this.#accessors.size > 1000) this.#accessors.clear();
      this.#accessors.set(key, accessor);
    }
    return accessor;
  }

  /** Finds a function a client may call, or explains why not (as the real backend words it). */
  async resolveForClient(udfPath: string, expected: FunctionKind | "any"): Promise<FunctionKind> {
    const { modulePath, exportName } = parseUdfPath(udfPath);
    const notFound = new RequestError(
      `Could not find public function for '${modulePath}:${exportName}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
    );
    let module: Record<string, unknown>;
    try {
      module = await this.app.loadModule(modulePath);
    } catch {
      throw notFound;
    }
    const fn = module[exportName] as RegisteredFunction | undefined;
    const kind = fn ? kindOf(fn) : null;
    if (!fn || kind === null || !fn.isPublic) throw notFound;
    if (expected !== "any" && kind !== expected) {
      throw new RequestError(
        `Trying to execute ${modulePath}:${exportName} as ${expected === "action" ? "an" : "a"} ${expected}, but it is defined as ${kind === "action" ? "an" : "a"} ${kind}.`,
      );
    }
    return kind;
  }

  /** Kind of any function, internal ones included (for crons and the scheduler). */
  async kindOf(udfPath: string): Promise<FunctionKind> {
    const { modulePath, exportName } = parseUdfPath(udfPath);
    const fn = (await this.app.loadModule(modulePath))[exportName] as RegisteredFunction;
    const kind = fn ? kindOf(fn) : null;
    if (kind === null) throw new Error(`${udfPath} is not a Convex function`);
    return kind;
  }

  async #invoke(
    kind: FunctionKind,
    udfPath: string,
    args: Value,
    identity: UserIdentity | null,
  ): Promise<Value> {
    const { modulePath, exportName } = parseUdfPath(udfPath);
    const name = `${modulePath}:${exportName}`;
    const accessor = this.accessor(identity);
    const input = args as Record<string, Value>;
    if (kind === "query") {
      return await accessor.query(makeFunctionReference<"query">(name), input);
    }
    if (kind === "mutation") {
      return await accessor.mutation(makeFunctionReference<"mutation">(name), input);
    }
    return await accessor.action(makeFunctionReference<"action">(name), input);
  }

  /**
   * What the real backend refuses before running a function: arguments over the size
   * limits, or not matching the function's `args` (worded as its ArgumentValidationError).
   */
  async #checkArguments(udfPath: string, args: Value): Promise<string | null> {
    const { modulePath, exportName } = parseUdfPath(udfPath);
    const canonical = `${modulePath}.js:${exportName}`;
    const sizeError = argumentsError(canonical, args);
    if (sizeError) return sizeError;
    const fn = (await this.app.loadModule(modulePath))[exportName] as RegisteredFunction;
    const exported = fn?.exportArgs?.();
    return exported ? argumentValidationError(exported, args) : null;
  }

  /** Runs a function; `journal` only matters for queries that paginate. */
  async run(
    kind: FunctionKind,
    udfPath: string,
    argsJson: JSONValue,
    identity: UserIdentity | null,
    journal: string | null = null,
  ): Promise<QueryOutcome> {
    const ctx = newRunContext(parseJournal(journal));
    let outcome: RunOutcome;
    try {
      const args = jsonToConvex(argsJson ?? {});
      const refused = await this.#checkArguments(udfPath, args);
      if (refused !== null) {
        outcome = { success: false, errorMessage: refused, logLines: [] };
      } else {
        const value = await runStorage.run(ctx, () => this.#invoke(kind, udfPath, args, identity));
        const { modulePath, exportName } = parseUdfPath(udfPath);
        const tooLarge = returnValueError(`${modulePath}.js:${exportName}`, value ?? null);
        outcome = tooLarge
          ? { success: false, errorMessage: tooLarge, logLines: ctx.logLines }
          : { success: true, value: convexToJson(value ?? null), logLines: ctx.logLines };
      }
    } catch (error) {
      outcome = errorOutcome(error, ctx.logLines);
    } finally {
      ctx.open = false;
    }
    const endCursor = ctx.producedEndCursor ?? ctx.journalEndCursor;
    return {
      outcome,
      reads: ctx.reads,
      journal: endCursor === null ? null : JSON.stringify({ endCursor }),
    };
  }
}

function parseJournal(journal: string | null | undefined): string | null {
  if (!journal) return null;
  try {
    const parsed = JSON.parse(journal) as { endCursor?: unknown };
    return typeof parsed.endCursor === "string" ? parsed.endCursor : null;
  } catch {
    return null;
  }
}
