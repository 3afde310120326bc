import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Backend } from "./backend.ts";

/**
 * File storage served by this server, as https://docs.convex.dev/file-storage describes it:
 * `ctx.storage.generateUploadUrl()` returns a URL here (convex-test returns a `convex.cloud`
 * one), a `POST` of the file to it answers `{ storageId }`, and `ctx.storage.getUrl(id)`
 * returns a URL here that serves the file back. The syscall answers are rewritten on the
 * way out of convex-test; the HTTP routes are called by http-api.ts. Files stay in memory,
 * as in convex-test (not saved in the store).
 */

// Upload URLs are valid for an hour (https://docs.convex.dev/file-storage/upload-files).
const UPLOAD_URL_LIFETIME_MS = 60 * 60 * 1000;
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

type AsyncSyscall = (op: string, jsonArgs: string) => Promise<string>;

interface StorageDatabase {
  get(table: string, id: string): Record<string, unknown> | null;
  getFile(id: string): Blob | null | undefined;
}

/** The server's own URL, known once it listens; and the upload tokens it handed out. */
export class FileStorage {
  baseUrl = "http://127.0.0.1";
  readonly #tokens = new Map<string, number>();

  uploadUrl(): string {
    const token = randomUUID();
    const now = Date.now();
    for (const [old, expires] of this.#tokens) if (expires < now) this.#tokens.delete(old);
    this.#tokens.set(token, now + UPLOAD_URL_LIFETIME_MS);
    return `${this.baseUrl}/api/storage/upload?token=${token}`;
  }

  fileUrl(storageId: string): string {
    return `${this.baseUrl}/api/storage/${encodeURIComponent(storageId)}`;
  }

  acceptsToken(token: string | null): boolean {
    const expires = token ? this.#tokens.get(token) : undefined;
    return expires !== undefined && expires >= Date.now();
  }
}

/** Rewrites convex-test's storage URLs to this server's (installed once per process). */
let activeStorage: FileStorage | null = null;
let wrapped = false;

export function installFileStorageUrls(storage: FileStorage): void {
  activeStorage = storage;
  if (wrapped) return;
  wrapped = true;
  const g = globalThis as unknown as { Convex: { asyncSyscall: AsyncSyscall } };
  const current = g.Convex;
  const cache = new WeakMap<AsyncSyscall, AsyncSyscall>();
  g.Convex = new Proxy(current, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== "asyncSyscall" || typeof value !== "function") return value;
      const original = value as AsyncSyscall;
      let wrapper = cache.get(original);
      if (!wrapper) {
        wrapper = async (op, jsonArgs) => {
          const result = await original(op, jsonArgs);
          if (!activeStorage) return result;
          if (op === "1.0/storageGenerateUploadUrl") {
            return JSON.stringify(activeStorage.uploadUrl());
          }
          if (op === "1.0/storageGetUrl" && JSON.parse(result) !== null) {
            return JSON.stringify(activeStorage.fileUrl(JSON.parse(jsonArgs).storageId));
          }
          return result;
        };
        cache.set(original, wrapper);
      }
      return wrapper;
    },
  });
}

async function readBytes(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_UPLOAD_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Serves `/api/storage/...`; returns false for other paths. */
export async function handleFileStorage(
  backend: Backend,
  storage: FileStorage,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://local");
  const match = /^\/api\/storage\/(.+)$/.exec(url.pathname);
  if (!match) return false;
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  };
  if (match[1] === "upload") {
    if (req.method !== "POST") {
      json(405, { code: "MethodNotAllowed", message: "Upload with POST" });
      return true;
    }
    if (!storage.acceptsToken(url.searchParams.get("token"))) {
      json(401, { code: "InvalidUploadToken", message: "The upload URL is invalid or expired" });
      return true;
    }
    const bytes = await readBytes(req);
    if (bytes === null) {
      json(413, { code: "FileTooLarge", message: "The file is too large" });
      return true;
    }
    const type = req.headers["content-type"];
    const blob = new Blob([new Uint8Array(bytes)], typeof type === "string" ? { type } : {});
    const storageId = await backend.syncLock.run(async () => {
      const id = await backend.engine.t.run(async (ctx) => await ctx.storage.store(blob));
      backend.markDirty("_storage");
      await backend.flush();
      return id;
    });
    json(200, { storageId });
    return true;
  }
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const storageId = decodeURIComponent(match[1] as string);
  const db = backend.engine.db as unknown as StorageDatabase;
  const metadata = db.get("_storage", storageId);
  const file = metadata ? db.getFile(storageId) : null;
  if (!metadata || !file) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("File not found");
    return true;
  }
  const bytes = Buffer.from(await file.arrayBuffer());
  res.writeHead(200, {
    "Content-Type": (metadata.contentType as string | undefined) ?? "application/octet-stream",
    "Content-Length": bytes.length,
  });
  res.end(req.method === "HEAD" ? undefined : bytes);
  return true;
}
