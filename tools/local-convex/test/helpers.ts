import { fileURLToPath } from "node:url";
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { type LocalConvex, type LocalConvexOptions, startLocalConvex } from "../src/index.ts";
import { DatabaseSync } from "../src/store/sqlite.ts";

export const CHAT_FUNCTIONS = fileURLToPath(new URL("./fixtures/chat/convex", import.meta.url));

export const fn = {
  list: makeFunctionReference<"query">("messages:list"),
  count: makeFunctionReference<"query">("messages:count"),
  page: makeFunctionReference<"query">("messages:page"),
  logged: makeFunctionReference<"query">("messages:logged"),
  rejectQuery: makeFunctionReference<"query">("messages:rejectQuery"),
  send: makeFunctionReference<"mutation">("messages:send"),
  sendMany: makeFunctionReference<"mutation">("messages:sendMany"),
  reject: makeFunctionReference<"mutation">("messages:reject"),
  crash: makeFunctionReference<"mutation">("messages:crash"),
  internalSend: makeFunctionReference<"mutation">("messages:internalSend"),
  sendViaAction: makeFunctionReference<"action">("actions:sendViaAction"),
  rejectAction: makeFunctionReference<"action">("actions:rejectAction"),
  later: makeFunctionReference<"mutation">("jobs:later"),
  cancel: makeFunctionReference<"mutation">("jobs:cancel"),
  status: makeFunctionReference<"query">("jobs:status"),
  ticks: makeFunctionReference<"query">("jobs:ticks"),
  whoami: makeFunctionReference<"query">("notes:whoami"),
  addNote: makeFunctionReference<"mutation">("notes:add"),
  myNotes: makeFunctionReference<"query">("notes:mine"),
};

export async function startChat(options: Partial<LocalConvexOptions> = {}): Promise<LocalConvex> {
  return await startLocalConvex({ functionsDir: CHAT_FUNCTIONS, crons: false, ...options });
}

/** A client that keeps its logs out of the test output. */
export function newClient(url: string): ConvexClient {
  return new ConvexClient(url, { logger: false });
}

/** Waits until `check` returns a value other than undefined (polling; fails after `ms`). */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Subscribes and records every result, so tests can wait for the one they expect. */
export function watch<T>(
  client: ConvexClient,
  query: ReturnType<typeof makeFunctionReference<"query">>,
  args: Record<string, unknown>,
): { values: T[]; errors: Error[]; latest(): T | undefined; stop(): void } {
  const values: T[] = [];
  const errors: Error[] = [];
  const stop = client.onUpdate(
    query,
    args as never,
    (value) => values.push(value as T),
    (error) => errors.push(error),
  );
  return { values, errors, latest: () => values.at(-1), stop: () => stop() };
}

/** The ids a store file holds, read on its own connection (as after a crash: no stop()). */
export function storedIds(file: string): string[] {
  const sql = new DatabaseSync(file, { readOnly: true });
  try {
    return sql
      .prepare("SELECT id FROM documents")
      .all()
      .map((row) => String(row.id));
  } finally {
    sql.close();
  }
}
