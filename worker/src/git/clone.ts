/**
 * Shallow clone of the repository a job names, with isomorphic-git and its node http client:
 * the default branch or a requested ref, depth 1, optional token auth (onAuth; the token is
 * never logged, never put in the URL), a size limit (network bytes and bytes written to
 * disk) and a time limit. Every failure becomes a JobFailure with a code from shared.
 * Every request goes through guardedHttp: public addresses only (loopback too in local
 * development), redirects only within the repository's origin, the token only inside the
 * repository's path. file:// URLs (development only) are cloned with the git program,
 * since isomorphic-git speaks only http(s).
 */
import * as fsp from "node:fs/promises";
import { checkGitUrl, githubRepoOfCloneUrl } from "@fondation/shared";
import { execa } from "execa";
import git from "isomorphic-git";
import { JobFailure } from "../jobFailure.ts";
import { type AddressPolicy, addressPolicy } from "../net/addressPolicy.ts";
import { type Resolver, systemResolver } from "../net/guardedLookup.ts";
import { makeRedactor, redactUrl } from "../redact.ts";
import { classifyCloneError, TooLargeError } from "./classify.ts";
import { type GitHttpRequest, guardedHttp, type HttpClient } from "./guardedHttp.ts";

export interface CloneOptions {
  url: string;
  /** Branch or tag; the remote's default branch when absent. */
  ref?: string | undefined;
  dir: string;
  /** Basic-auth credentials offered when the server asks (token as password). */
  auth?: { username: string; password: string } | undefined;
  maxBytes: number;
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
  try {
    await fsp.mkdir(options.dir, { recursive: true });
    if (checked.url.startsWith("file:")) {
      await cloneWithGitProgram(checked.url, options, controller.signal);
    } else {
      await git.clone({
        fs: meteredFs(meter, options.maxBytes, controller),
        http: meteredHttp(http, meter, options.maxBytes, controller),
        dir: options.dir,
        url: checked.url,
        ...(options.ref ? { ref: options.ref } : {}),
        singleBranch: true,
        depth: 1,
        noTags: true,
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
    return { commit, bytesFetched: meter.fetched, bytesWritten: meter.written };
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
            const error = new TooLargeError(maxBytes);
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

/** node:fs/promises with writes counted against the size limit and refused once aborted. */
function meteredFs(meter: { written: number }, maxBytes: number, controller: AbortController) {
  const writeFile: typeof fsp.writeFile = async (path, data, options) => {
    controller.signal.throwIfAborted();
    meter.written += typeof data === "string" ? Buffer.byteLength(data) : byteLength(data);
    if (meter.written > maxBytes) {
      const error = new TooLargeError(maxBytes);
      controller.abort(error);
      throw error;
    }
    return fsp.writeFile(path, data, options);
  };
  return { promises: { ...fsp, writeFile } };
}

function byteLength(data: unknown): number {
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** file:// (development only): the git program does the clone, under the same limits. */
async function cloneWithGitProgram(url: string, options: CloneOptions, signal: AbortSignal) {
  const args = ["clone", "--depth", "1", "--no-tags", "--single-branch", "-q"];
  if (options.ref) args.push("--branch", options.ref);
  args.push(url, options.dir);
  await execa("git", args, { cancelSignal: signal, env: { GIT_TERMINAL_PROMPT: "0" } });
  const { stdout } = await execa("du", ["-sb", options.dir]);
  const bytes = Number.parseInt(stdout, 10);
  if (bytes > options.maxBytes) throw new TooLargeError(options.maxBytes);
}
