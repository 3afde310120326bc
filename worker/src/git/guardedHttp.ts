/**
 * The HTTP client isomorphic-git clones through, wrapped so that a repository URL cannot
 * turn the worker against internal services:
 * - every connection goes through guardedLookup (the resolved address must be allowed) and
 *   an IP-literal host is judged the same way, so no socket is opened to a refused address;
 * - redirects are followed here, not by the library, and only within the repository's
 *   origin (same scheme, host and port; https → http is another origin), for GET only; as
 *   git does, a redirected first request (info/refs) moves the base of the later ones;
 * - an Authorization header (the token, offered by onAuth) is sent only to URLs inside the
 *   repository's own path, so a redirect elsewhere on the same host gets no token.
 * Anything refused is an UnreachableError, which the classifier turns into one sentence.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { isIP } from "node:net";
import nodeHttp from "isomorphic-git/http/node";
import { type AddressPolicy, unbracket } from "../net/addressPolicy.ts";
import { guardedLookup, type Resolver, UnreachableError } from "../net/guardedLookup.ts";

export type HttpClient = typeof nodeHttp;
export type GitHttpRequest = Parameters<HttpClient["request"]>[0];

export interface GuardedHttpOptions {
  /** The repository URL being cloned: its origin and path bound every request. */
  repositoryUrl: string;
  policy: AddressPolicy;
  resolve: Resolver;
  /** http:// as well as https:// (local development only). */
  allowHttp: boolean;
  /** Extra trusted certificate authority (PEM): tests, or a git host with a private CA. */
  ca?: string | undefined;
  /** The client underneath (isomorphic-git's node client). */
  inner?: HttpClient;
}

/** Same-origin redirects followed per request; git hosts use one or two. */
const MAX_REDIRECTS = 5;

export interface GuardedHttp extends HttpClient {
  /** Closes the kept-alive sockets of this clone. */
  close(): void;
}

export function guardedHttp(options: GuardedHttpOptions): GuardedHttp {
  const repository = new URL(options.repositoryUrl);
  const origin = repository.origin;
  const scope = `${repository.pathname.replace(/\/+$/, "")}/`;
  const inner = options.inner ?? nodeHttp;
  const lookup = guardedLookup(options.policy, options.resolve);
  // One agent per scheme and clone: the lookup hook applies to every socket it opens.
  const agents = {
    "https:": new HttpsAgent({
      keepAlive: true,
      lookup,
      ...(options.ca ? { ca: options.ca } : {}),
    }),
    "http:": new HttpAgent({ keepAlive: true, lookup }),
  };

  function check(target: URL): HttpAgent {
    if (target.origin !== origin) {
      throw new UnreachableError("a request left the repository's origin (redirect)");
    }
    if (target.protocol !== "https:" && !(target.protocol === "http:" && options.allowHttp)) {
      throw new UnreachableError(`scheme ${target.protocol} is not allowed`);
    }
    // node:net skips the lookup hook for an IP literal, so it is judged here.
    const host = unbracket(target.hostname);
    if (isIP(host) && !options.policy.allows(host)) {
      throw new UnreachableError("the host is a non-public address");
    }
    return target.protocol === "https:" ? agents["https:"] : agents["http:"];
  }

  function scoped(headers: Record<string, string> | undefined, target: URL) {
    const inScope = target.origin === origin && target.pathname.startsWith(scope);
    if (inScope || !headers) return headers;
    return Object.fromEntries(
      Object.entries(headers).filter(([name]) => name.toLowerCase() !== "authorization"),
    );
  }

  /** Where a redirected info/refs moved the repository: later requests go there directly. */
  let moved: { from: string; to: string } | undefined;

  function rebase(url: string): string {
    return moved && url.startsWith(moved.from) ? moved.to + url.slice(moved.from.length) : url;
  }

  /** `…/old.git/info/refs?service=x` redirected to `…/new.git/info/refs?service=x`. */
  function remember(from: string, to: string) {
    const suffix = /\/info\/refs(?:\?.*)?$/.exec(from)?.[0];
    if (!suffix || !to.endsWith(suffix) || moved) return;
    moved = { from: from.slice(0, -suffix.length), to: to.slice(0, -suffix.length) };
  }

  async function request(first: GitHttpRequest) {
    let current = { ...first, url: rebase(first.url) };
    for (let redirects = 0; ; redirects++) {
      const target = new URL(current.url);
      const agent = check(target);
      const response = await inner.request({
        ...current,
        headers: scoped(current.headers, target),
        agent,
        fetchOptions: { ...current.fetchOptions, followRedirects: false },
      });
      const location = response.headers?.location;
      if (response.statusCode < 300 || response.statusCode >= 400 || !location) return response;
      // The redirect's body is not read: close it so its socket is freed.
      await response.body?.return?.();
      const method = (current.method ?? "GET").toUpperCase();
      if (redirects >= MAX_REDIRECTS || (method !== "GET" && method !== "HEAD")) {
        throw new UnreachableError("too many redirects, or a redirected POST");
      }
      const next = new URL(location, target);
      check(next);
      remember(first.url, next.href);
      current = { ...current, url: next.href };
    }
  }

  return {
    request,
    close() {
      agents["https:"].destroy();
      agents["http:"].destroy();
    },
  };
}
