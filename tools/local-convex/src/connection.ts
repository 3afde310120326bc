import type { UserIdentity } from "convex/server";
import type { JSONValue } from "convex/values";
import type { WebSocket } from "ws";
import { AuthVerificationError } from "./auth.ts";
import type { Backend, SyncPeer } from "./backend.ts";
import { serverLog } from "./log.ts";
import { MutationResults } from "./mutation-results.ts";
import type { QueryModification } from "./subscriptions.ts";
import { encodeTs, maxTs } from "./timestamps.ts";

interface StateVersion {
  querySet: number;
  identity: number;
  ts: bigint;
}

interface FunctionRequest {
  requestId: number;
  udfPath: string;
  args: JSONValue[];
  componentPath?: string;
}

type ClientMessage =
  | { type: "Connect"; sessionId: string; connectionCount: number }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: (
        | {
            type: "Add";
            queryId: number;
            udfPath: string;
            args: JSONValue[];
            journal?: string | null;
            componentPath?: string;
          }
        | { type: "Remove"; queryId: number }
      )[];
    }
  | ({ type: "Mutation" } & FunctionRequest)
  | ({ type: "Action" } & FunctionRequest)
  | {
      type: "Authenticate";
      tokenType: "User" | "Admin" | "None";
      value?: string;
      baseVersion: number;
    }
  | { type: "Event"; eventType: string; event: unknown };

let nextConnectionId = 1;

/** One client WebSocket speaking the Convex sync protocol. */
export class SyncConnection implements SyncPeer {
  readonly id = nextConnectionId++;
  readonly #socket: WebSocket;
  readonly #backend: Backend;
  // Versions start at zero on every socket and chain through each Transition.
  #version: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  #identity: UserIdentity | null = null;
  /** The client's session (kept across its reconnects); a unique stand-in until Connect. */
  #sessionId = `connection-${this.id}`;
  #expiryTimer: NodeJS.Timeout | undefined;
  // Messages are handled one at a time, in order (actions only start in order).
  #queue: Promise<void> = Promise.resolve();
  closed = false;

  constructor(socket: WebSocket, backend: Backend) {
    this.#socket = socket;
    this.#backend = backend;
    backend.peers.add(this);
    socket.on("message", (data) => {
      let message: ClientMessage;
      try {
        message = JSON.parse(data.toString()) as ClientMessage;
      } catch {
        this.fatal("Could not parse client message as JSON");
        return;
      }
      this.#queue = this.#queue
        .then(() => this.#handle(message))
        .catch((error) => {
          serverLog(`connection ${this.id}: ${message.type} failed`, error);
          this.fatal(`Internal error in local-convex handling ${message.type}: ${String(error)}`);
        });
    });
    socket.on("close", () => this.#onClose());
    socket.on("error", () => this.#onClose());
  }

  #send(message: Record<string, unknown>): void {
    if (this.closed || this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(JSON.stringify(message));
  }

  #encodeVersion(version: StateVersion) {
    return { querySet: version.querySet, identity: version.identity, ts: encodeTs(version.ts) };
  }

  #transition(end: StateVersion, modifications: QueryModification[]): void {
    this.#send({
      type: "Transition",
      startVersion: this.#encodeVersion(this.#version),
      endVersion: this.#encodeVersion(end),
      modifications,
    });
    this.#version = end;
  }

  pushTransition(modifications: QueryModification[], ts: bigint): void {
    this.#transition({ ...this.#version, ts: maxTs(ts, this.#version.ts) }, modifications);
  }

  ping(): void {
    this.#send({ type: "Ping" });
  }

  fatal(error: string): void {
    this.#send({ type: "FatalError", error });
    this.#socket.close(1011, error.slice(0, 120));
    this.#onClose();
  }

  /** Drops the socket as a crashing server would (the client reconnects). */
  drop(): void {
    this.#socket.terminate();
    this.#onClose();
  }

  #onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.#expiryTimer);
    this.#backend.peers.delete(this);
    this.#backend.subscriptions.removeSubscriber(this);
  }

  async #handle(message: ClientMessage): Promise<void> {
    if (this.closed) return;
    switch (message.type) {
      case "Connect":
        this.#sessionId = message.sessionId;
        return;
      case "Event":
        return;
      case "ModifyQuerySet":
        return await this.#modifyQuerySet(message);
      case "Authenticate":
        return await this.#authenticate(message);
      case "Mutation":
        return await this.#mutation(message);
      case "Action":
        // Actions run concurrently; later messages need not wait for them.
        void this.#action(message);
        return;
      default:
        this.fatal(`Unknown client message type ${(message as { type: string }).type}`);
    }
  }

  async #modifyQuerySet(message: Extract<ClientMessage, { type: "ModifyQuerySet" }>) {
    if (message.baseVersion !== this.#version.querySet) {
      this.fatal(
        `Query set version mismatch: client is at ${message.baseVersion}, server at ${this.#version.querySet}`,
      );
      return;
    }
    const { subscriptions } = this.#backend;
    await this.#backend.syncLock.run(async () => {
      const modifications: QueryModification[] = [];
      for (const mod of message.modifications) {
        if (mod.type === "Remove") {
          subscriptions.remove(this, mod.queryId);
          modifications.push({ type: "QueryRemoved", queryId: mod.queryId });
        } else if (mod.componentPath) {
          modifications.push(refused(mod.queryId, "Components are not supported by local-convex"));
        } else {
          const check = await this.#publicQueryError(mod.udfPath);
          if (check) {
            modifications.push(refused(mod.queryId, check));
            continue;
          }
          modifications.push(
            await subscriptions.add(
              this,
              mod.queryId,
              mod.udfPath,
              mod.args[0] ?? {},
              this.#identity,
              mod.journal ?? null,
            ),
          );
        }
      }
      const ts = this.#backend.clock.current;
      this.#transition(
        {
          querySet: message.newVersion,
          identity: this.#version.identity,
          ts: maxTs(ts, this.#version.ts),
        },
        modifications,
      );
    });
  }

  async #publicQueryError(udfPath: string): Promise<string | null> {
    try {
      await this.#backend.engine.resolveForClient(udfPath, "query");
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  async #authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>) {
    let identity: UserIdentity | null = null;
    let expiresAt: number | null = null;
    if (message.tokenType === "User") {
      try {
        ({ identity, expiresAt } = await this.#backend.verifier.verify(message.value ?? ""));
      } catch (error) {
        const reason = error instanceof AuthVerificationError ? error.message : String(error);
        this.#send({
          type: "AuthError",
          error: reason,
          baseVersion: message.baseVersion,
          authUpdateAttempted: true,
        });
        return;
      }
    } else if (message.tokenType === "Admin") {
      this.#send({
        type: "AuthError",
        error: "Admin keys are not supported by local-convex",
        baseVersion: message.baseVersion,
        authUpdateAttempted: true,
      });
      return;
    }
    this.#identity = identity;
    this.#watchExpiry(expiresAt);
    // The new identity version is the only "accepted" signal; queries re-run as the new user.
    await this.#backend.syncLock.run(async () => {
      const { subscriptions } = this.#backend;
      const modifications: QueryModification[] = [];
      for (const q of subscriptions.queriesOf(this)) {
        modifications.push(
          await subscriptions.add(this, q.queryId, q.udfPath, q.args, identity, q.journal),
        );
      }
      const ts = this.#backend.clock.current;
      this.#transition(
        {
          querySet: this.#version.querySet,
          identity: message.baseVersion + 1,
          ts: maxTs(ts, this.#version.ts),
        },
        modifications,
      );
    });
  }

  #watchExpiry(expiresAt: number | null): void {
    clearTimeout(this.#expiryTimer);
    if (expiresAt === null) return;
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1);
    this.#expiryTimer = setTimeout(() => {
      this.#identity = null;
      this.#send({
        type: "AuthError",
        error: "Token expired",
        baseVersion: this.#version.identity,
        authUpdateAttempted: false,
      });
    }, delay);
    this.#expiryTimer.unref();
  }

  async #mutation(message: FunctionRequest) {
    // A mutation re-sent after a reconnect (same session, same request id) that already
    // committed is answered with its result, not run twice.
    const key = MutationResults.key(this.#sessionId, message.requestId);
    const done = this.#backend.mutationResults.get(key);
    if (done) {
      await this.#backend.syncLock.run(async () => {
        this.#send({
          type: "MutationResponse",
          requestId: message.requestId,
          success: true,
          result: done.value,
          ts: encodeTs(this.#backend.clock.advance()),
          logLines: done.logLines,
        });
        await this.#backend.flush(this);
      });
      return;
    }
    const result = await this.#backend.runForClient(
      "mutation",
      message.udfPath,
      message.args[0] ?? {},
      this.#identity,
    );
    const { outcome } = result;
    await this.#backend.syncLock.run(async () => {
      if (!outcome.success) {
        this.#send({
          type: "MutationResponse",
          requestId: message.requestId,
          success: false,
          result: outcome.errorMessage,
          logLines: outcome.logLines,
          ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
        });
        return;
      }
      this.#backend.recordMutation(key, { value: outcome.value, logLines: outcome.logLines });
      // On disk (with its result) before the client hears of it: an acknowledged write
      // survives a crash, and a copy re-sent after the restart is not run again.
      this.#backend.persist();
      const ts = this.#backend.clock.advance();
      this.#send({
        type: "MutationResponse",
        requestId: message.requestId,
        success: true,
        result: outcome.value,
        ts: encodeTs(ts),
        logLines: outcome.logLines,
      });
      // Then the Transition that shows the write (ts ≥ the mutation's): the client's
      // promise resolves on it.
      await this.#backend.flush(this);
    });
  }

  async #action(message: FunctionRequest) {
    const { outcome } = await this.#backend.runForClient(
      "action",
      message.udfPath,
      message.args[0] ?? {},
      this.#identity,
    );
    this.#backend.persist(); // the action's mutations are on disk before its answer
    this.#send({
      type: "ActionResponse",
      requestId: message.requestId,
      success: outcome.success,
      result: outcome.success ? outcome.value : outcome.errorMessage,
      logLines: outcome.logLines,
      ...(!outcome.success && outcome.errorData !== undefined
        ? { errorData: outcome.errorData }
        : {}),
    });
  }
}

function refused(queryId: number, errorMessage: string): QueryModification {
  return { type: "QueryFailed", queryId, errorMessage, logLines: [], journal: null };
}
