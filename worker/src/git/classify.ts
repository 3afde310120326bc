/**
 * Turns whatever a clone threw (isomorphic-git errors, node network errors, our own abort
 * reasons) into a JobFailure: a shared code, a sentence a person can act on, retryable or
 * not. Messages never contain credentials nor a path of the worker's machine, and never
 * promise a retry: whether one comes is the runner's word (jobFailure.ts, withRetryNote).
 */
import { JobFailure } from "../jobFailure.ts";
import type { Redactor } from "../redact.ts";
import { MalformedPackError, TooLargeError } from "./limits.ts";

export { formatBytes, TooLargeError } from "./limits.ts";

export interface ClassifyContext {
  abortReason: unknown;
  canceledFromOutside: boolean;
  url: string;
  ref: string | undefined;
  hadAuth: boolean;
  redact: Redactor;
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "FONDATION_UNREACHABLE",
]);

export function classifyCloneError(error: unknown, ctx: ClassifyContext): JobFailure {
  if (error instanceof JobFailure) return error;
  const reason = ctx.abortReason;
  const tooLarge =
    error instanceof TooLargeError ? error : reason instanceof TooLargeError ? reason : undefined;
  if (tooLarge) return tooLargeFailure(tooLarge);
  if (reason instanceof Error && reason.name === "CloneTimeoutError") {
    return new JobFailure(
      "clone_timeout",
      `Cloning ${ctx.url} took too long (${reason.message}). The git host may be slow.`,
      true,
    );
  }
  if (ctx.canceledFromOutside) {
    return new JobFailure("internal", "The clone was stopped: the job was canceled.", false);
  }

  const e = error as {
    code?: string;
    name?: string;
    message?: string;
    data?: unknown;
    cause?: unknown;
  };
  if (error instanceof MalformedPackError) {
    return new JobFailure(
      "clone_failed",
      `The git host sent ${ctx.url} in a form git refuses (${error.message.replace(/^the repository's pack is malformed: /, "")}). Check the repository with \`git fsck\`.`,
      false,
    );
  }
  if (e.code === "UnsafeFilepathError" || e.name === "UnsafeFilepathError") {
    // A tree entry such as `..`, `.git` or `a/b`: the same tree every time, never retried.
    const quoted = /"([^"]*)"/.exec(String(e.message ?? ""))?.[1] ?? "";
    return new JobFailure(
      "clone_failed",
      `${ctx.url} contains a path git refuses to check out${quoted ? ` ("${printable(quoted)}")` : ""}: a name such as "..", ".git" or one with a slash. Remove it from the repository, then ask for the course again.`,
      false,
    );
  }
  if (e.code === "ENAMETOOLONG") {
    return tooLargeFailure(
      new TooLargeError("path", "it holds a path longer than the file system accepts"),
    );
  }
  const status = httpStatus(e);
  if (status === 404) {
    return new JobFailure(
      "repository_not_found",
      `No git repository at ${ctx.url}. Check the URL (and that the repository still exists).`,
      false,
    );
  }
  if (status === 401 || status === 403 || e.code === "UserCanceledError") {
    return new JobFailure(
      "access_denied",
      ctx.hadAuth
        ? `Access to ${ctx.url} was refused with the GitHub access we have. Reconnect GitHub (or grant access to this repository) and try again.`
        : `${ctx.url} needs authentication: it is private or does not exist. Sign in with a GitHub account that can read it, or check the URL.`,
      false,
    );
  }
  if (typeof status === "number" && status >= 500) {
    return new JobFailure(
      "clone_failed",
      `The git host answered ${status} while cloning ${ctx.url}. It is probably a temporary problem.`,
      true,
    );
  }
  if (typeof status === "number") {
    return new JobFailure(
      "clone_failed",
      `The git host answered ${status} while cloning ${ctx.url}. Check that the URL is a git repository.`,
      false,
    );
  }
  if (isUnreachable(error)) {
    // One sentence for a refused address, a redirect elsewhere, DNS, a refused or dropped
    // connection and a TLS failure: telling them apart would let a user map what answers
    // behind a host name. All are retried alike, for the same reason.
    return new JobFailure(
      "clone_failed",
      `Could not reach the repository at ${ctx.url}. Check the URL: it must be the repository's own https address on a public host (redirects to another host are not followed). If it is right, the host may be down.`,
      true,
    );
  }
  const message = ctx.redact(String(e.message ?? error));
  if (isEmptyRepository(e, message)) {
    return new JobFailure(
      "repository_empty",
      `${ctx.url} has no commits yet. Push at least one commit, then ask for the course again.`,
      false,
    );
  }
  if (
    ctx.ref &&
    (e.code === "NotFoundError" || /could not find|not found|remote branch/i.test(message))
  ) {
    return new JobFailure(
      "invalid_options",
      `The branch or tag "${ctx.ref}" does not exist in ${ctx.url}. Pick an existing branch or leave it empty for the default branch.`,
      false,
    );
  }
  if (e.code === "SmartHttpError") {
    return new JobFailure(
      "clone_failed",
      `${ctx.url} does not look like a git repository (the server did not speak git's smart HTTP). Check the URL.`,
      false,
    );
  }
  return new JobFailure(
    "clone_failed",
    `Cloning ${ctx.url} failed: ${message.slice(0, 300)}.`,
    true,
  );
}

/** "The repository is too large: …", permanent, naming the setting an operator can raise. */
export function tooLargeFailure(error: TooLargeError): JobFailure {
  return new JobFailure(
    "repository_too_large",
    `The repository is too large: ${error.detail}. Try a smaller repository, or ask the operator to raise ${error.setting}.`,
    false,
  );
}

/** A name from the repository, shown without control or bidirectional characters. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, "?").slice(0, 100);
}

function httpStatus(e: { code?: string; data?: unknown }): number | undefined {
  if (e.code !== "HttpError") return undefined;
  const data = e.data as { statusCode?: unknown } | undefined;
  return typeof data?.statusCode === "number" ? data.statusCode : undefined;
}

function isUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNREACHABLE.has(code) || isTlsCode(code))) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string") {
      if ([...UNREACHABLE].some((c) => message.includes(c))) return true;
      if (/socket hang up|premature close|aborted/i.test(message)) return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Certificate and handshake failures (`ERR_TLS_…`, `CERT_HAS_EXPIRED`, `EPROTO`…). */
function isTlsCode(code: string): boolean {
  return (
    code.startsWith("ERR_TLS") ||
    code.startsWith("ERR_SSL") ||
    /CERT|EPROTO|UNABLE_TO_|SIGNATURE/.test(code)
  );
}

function isEmptyRepository(e: { code?: string }, message: string): boolean {
  return (
    /empty repository|no refs|remote repository is empty|HEAD.*(not found|could not find)/i.test(
      message,
    ) ||
    (e.code === "NotFoundError" && /HEAD|refs\/heads/.test(message))
  );
}
