/**
 * Shallow clone of the repository a job names, with isomorphic-git and its node http client:
 * the default branch or a requested ref, depth 1, optional token auth (onAuth; the token is
 * never logged, never put in the URL), and limits that hold before the damage (limits.ts):
 * the pack's declarations are checked before it is written or indexed (packScan.ts), the
 * tree's before checkout (treeCheck.ts), and bytes received and written are metered. Every
 * failure becomes a JobFailure with a code from shared. The worker never calls this itself:
 * it runs in a separate, memory-capped process (cloneProcess.ts, cloneChild.ts) that
 * timeout and cancel kill.
 * Every request goes through guardedHttp: public addresses only (loopback too in local
 * development), redirects only within the repository's origin, the token only inside the
 * repository's path. file:// URLs (development only) are cloned with the git program,
 * since isomorphic-git speaks only http(s).
 */
import * as fsp from "node:fs/promises";
import { join } from "node:path";
import { inflateSync, constants as zlibConstants } from "node:zlib";
// The zod-free entry, and execa only when a file:// clone needs it: the clone process loads
// this module for every job, and what it imports is paid before each clone starts.
import { checkGitUrl, githubRepoOfCloneUrl } from "@fondation/shared/core";
import git from "isomorphic-git";
import { JobFailure } from "../jobFailure.ts";
import { type AddressPolicy, addressPolicy } from "../net/addressPolicy.ts";
import { type Resolver, systemResolver } from "../net/guardedLookup.ts";
import { makeRedactor, redactUrl } from "../redact.ts";
import { classifyCloneError } from "./classify.ts";
import { type GitHttpRequest, guardedHttp, type HttpClient } from "./guardedHttp.ts";
import {
  type CloneLimits,
  cloneLimits,
  formatBytes,
  MalformedPackError,
  TooLargeError,
} from "./limits.ts";
import { localCloneFailure } from "./localCloneFailure.ts";
import { type PackScan, readPackIndex, scanPack } from "./packScan.ts";
import { checkTree, type TreeBill } from "./treeCheck.ts";

export interface CloneOptions {
  url: string;
  /** Branch or tag; the remote's default branch when absent. */
  ref?: string | undefined;
  dir: string;
  /** Basic-auth credentials offered when the server asks (token as password). */
  auth?: { username: string; password: string } | undefined;
  maxBytes: number;
  /** The other limits (objects, one file, files, depth); generous defaults when absent. */
  limits?: Partial<Omit<CloneLimits, "maxBytes">> | undefined;
  timeoutMs: number;
  /** Allow file:// and http/loopback URLs (development and tests only). */
  allowLocal: boolean;
  /**
   * Tests only: a resolver (so a public-looking name can resolve to 127.0.0.1), another
   * address policy, a test CA. By default: the system resolver, public addresses only
   * (plus loopback when allowLocal).
   */
  network?: { resolve?: Resolver; policy?: AddressPolicy; ca?: string } | undefined;
  /** Cancel from outside (job canceled, worker shutting down). */
  signal?: AbortSignal | undefined;
  onProgress?: ((phase: string, loaded: number, total: number | undefined) => void) | undefined;
}

export interface CloneResult {
  commit: string;
  /** Bytes received over the network (pack and refs). */
  bytesFetched: number;
  /** Bytes written to disk (pack, index, work tree). */
  bytesWritten: number;
  /** What the checkout created, as counted before it ran. */
  tree: TreeBill;
}

export async function cloneRepository(options: CloneOptions): Promise<CloneResult> {
  const checked = checkGitUrl(options.url, {
    allowFile: options.allowLocal,
    allowInsecure: options.allowLocal,
  });
  if (!checked.ok) throw new JobFailure("invalid_options", checked.error, false);

  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new CloneTimeoutError(options.timeoutMs)),
    options.timeoutMs,
  );
  const onOuterAbort = () => controller.abort(options.signal?.reason ?? new Error("canceled"));
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const redact = makeRedactor([options.auth?.password]);
  // A token is for github.com and that one repository (or a local test server).
  const auth = githubRepoOfCloneUrl(checked.url) || options.allowLocal ? options.auth : undefined;
  const meter = { fetched: 0, written: 0 };
  const http = guardedHttp({
    repositoryUrl: checked.url,
    policy: options.network?.policy ?? addressPolicy({ allowLoopback: options.allowLocal }),
    resolve: options.network?.resolve ?? systemResolver,
    allowHttp: options.allowLocal,
    ca: options.network?.ca,
  });
  const limits = cloneLimits({ maxBytes: options.maxBytes, ...options.limits });
  const scans = new Map<string, PackScan>();
  const fs = meteredFs(meter, limits, controller, scans);
  const cache = {};
  try {
    await fsp.mkdir(options.dir, { recursive: true });
    // 1. Fetch, without checkout: the pack is scanned before it is written (meteredFs).
    if (checked.url.startsWith("file:")) {
      await cloneWithGitProgram(checked.url, options, controller.signal);
    } else {
      await git.clone({
        fs,
        cache,
        http: meteredHttp(http, meter, options.maxBytes, controller),
        dir: options.dir,
        url: checked.url,
        ...(options.ref ? { ref: options.ref } : {}),
        singleBranch: true,
        depth: 1,
        noTags: true,
        noCheckout: true,
        headers: { "user-agent": "fondation-worker" },
        ...(auth ? { onAuth: () => auth } : {}),
        // A refused token must not loop: give up and report access denied.
        onAuthFailure: () => ({ cancel: true }),
        onProgress: options.onProgress
          ? (e) => options.onProgress?.(e.phase, e.loaded, e.total)
          : undefined,
      });
    }
    controller.signal.throwIfAborted();
    const commit = await git.resolveRef({ fs: fsp, dir: options.dir, ref: "HEAD" });
    // 2. The checkout's bill, from the trees, before a file is written.
    const { commit: parsed } = await git.readCommit({
      fs: fsp,
      dir: options.dir,
      oid: commit,
      cache,
    });
    const sizes = await objectSizes(options.dir, scans, limits, controller.signal);
    const tree = await checkTree({
      rootTree: parsed.tree,
      readTree: async (oid) => (await git.readTree({ fs: fsp, dir: options.dir, oid, cache })).tree,
      blobSize: (oid) => sizes(oid),
      limits,
      signal: controller.signal,
    });
    // 3. Checkout, metered.
    const branch = await git.currentBranch({ fs: fsp, dir: options.dir });
    await git.checkout({ fs, cache, dir: options.dir, ref: branch ?? commit });
    controller.signal.throwIfAborted();
    return { commit, bytesFetched: meter.fetched, bytesWritten: meter.written, tree };
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : undefined;
    throw classifyCloneError(error, {
      abortReason: reason,
      canceledFromOutside:
        options.signal?.aborted === true && !(reason instanceof CloneTimeoutError),
      url: redactUrl(checked.url),
      ref: options.ref,
      hadAuth: auth !== undefined,
      redact,
    });
  } finally {
    http.close();
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
}

export class CloneTimeoutError extends Error {
  constructor(ms: number) {
    super(`clone took longer than ${ms} ms`);
    this.name = "CloneTimeoutError";
  }
}

/** The guarded http client with the abort signal applied and every received byte counted. */
function meteredHttp(
  inner: HttpClient,
  meter: { fetched: number },
  maxBytes: number,
  controller: AbortController,
): HttpClient {
  return {
    async request(request: GitHttpRequest) {
      const response = await inner.request({ ...request, signal: controller.signal });
      const body = response.body;
      if (!body) return response;
      async function* counted() {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          controller.signal.throwIfAborted();
          meter.fetched += chunk.byteLength;
          if (meter.fetched > maxBytes) {
            const error = new TooLargeError(
              "bytes",
              `it is larger than the ${formatBytes(maxBytes)} this service clones`,
            );
            controller.abort(error);
            throw error;
          }
          yield chunk;
        }
      }
      return { ...response, body: counted() };
    },
  };
}

/**
 * node:fs/promises with writes counted against the size limit and refused once aborted. A
 * packfile is scanned (packScan.ts) before it is written, so isomorphic-git never indexes,
 * let alone inflates, a pack that declares too much.
 */
function meteredFs(
  meter: { written: number },
  limits: CloneLimits,
  controller: AbortController,
  scans: Map<string, PackScan>,
) {
  const refuse = (error: Error): never => {
    controller.abort(error);
    throw error;
  };
  const writeFile: typeof fsp.writeFile = async (path, data, options) => {
    controller.signal.throwIfAborted();
    const size = typeof data === "string" ? Buffer.byteLength(data) : byteLength(data);
    meter.written += size;
    if (meter.written > limits.maxBytes) {
      refuse(
        new TooLargeError(
          "bytes",
          `it is larger than the ${formatBytes(limits.maxBytes)} this service clones`,
        ),
      );
    }
    if (typeof path === "string" && PACK_FILE.test(path) && ArrayBuffer.isView(data)) {
      try {
        scans.set(path, scanPack(data as Uint8Array, limits, controller.signal));
      } catch (error) {
        refuse(error as Error);
      }
    }
    return fsp.writeFile(path, data, options);
  };
  return { promises: { ...fsp, writeFile } };
}

const PACK_FILE = /[/\\]objects[/\\]pack[/\\]pack-[0-9a-f]{40,64}\.pack$/;

/**
 * Object id → inflated size, without inflating: from the scans of the packs (made when
 * they were written, or now for packs the git program wrote) and their indexes; a loose
 * object (the git program may leave some) by its header alone.
 */
async function objectSizes(
  dir: string,
  scans: Map<string, PackScan>,
  limits: CloneLimits,
  signal: AbortSignal,
): Promise<(oid: string) => Promise<number>> {
  const packDir = join(dir, ".git", "objects", "pack");
  const known = new Map<string, number>();
  const names = await fsp.readdir(packDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith(".pack"))) {
    const path = join(packDir, name);
    const scan = scans.get(path) ?? scanPack(await fsp.readFile(path), limits, signal);
    const index = readPackIndex(await fsp.readFile(path.replace(/\.pack$/, ".idx")));
    for (const [oid, offset] of index) {
      const size = scan.sizeAt.get(offset);
      if (size !== undefined) known.set(oid, size);
    }
  }
  return async (oid) => known.get(oid) ?? (await looseObjectSize(dir, oid));
}

async function looseObjectSize(dir: string, oid: string): Promise<number> {
  const path = join(dir, ".git", "objects", oid.slice(0, 2), oid.slice(2));
  const handle = await fsp.open(path, "r").catch(() => undefined);
  if (!handle) throw new MalformedPackError(`object ${oid} is missing`);
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const start = inflateSync(head.subarray(0, bytesRead), {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
    });
    const match = /^[a-z]+ (\d+)\0/.exec(start.toString("latin1", 0, 64));
    if (!match?.[1]) throw new MalformedPackError(`object ${oid} has no header`);
    return Number(match[1]);
  } finally {
    await handle.close();
  }
}

function byteLength(data: unknown): number {
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * file:// (development only): the git program fetches (no checkout), under the same time
 * limit; the tree check and the checkout are the same as for https.
 */
async function cloneWithGitProgram(url: string, options: CloneOptions, signal: AbortSignal) {
  const args = ["clone", "--no-checkout", "--depth", "1", "--no-tags", "--single-branch", "-q"];
  if (options.ref) args.push("--branch", options.ref);
  args.push(url, options.dir);
  const { ExecaError, execa } = await import("execa");
  try {
    await execa("git", args, { cancelSignal: signal, env: { GIT_TERMINAL_PROMPT: "0" } });
  } catch (error) {
    // A stop (timeout, cancel) keeps its own meaning; a refusal by git is said in words.
    if (!(error instanceof ExecaError) || error.isCanceled || signal.aborted) throw error;
    throw localCloneFailure(url, String(error.stderr ?? ""), options.ref);
  }
}
