/**
 * The DNS hook of every connection a clone opens: resolves the name once, refuses the whole
 * answer when any address is not allowed by the AddressPolicy, and hands the socket exactly
 * the addresses it checked. Node connects to what `lookup` returns, so the address judged
 * is the address connected to (no second lookup an attacker's DNS could answer
 * differently). IP literals never reach a lookup hook: the HTTP client checks them itself.
 */
import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
import type { AddressPolicy } from "./addressPolicy.ts";

/** Name → addresses. Tests inject one so a public-looking name can resolve to 127.0.0.1. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  dns.lookup(hostname, { all: true, verbatim: true });

/**
 * The repository could not be reached, whatever the reason (refused address, redirect,
 * DNS, connection): one class so that users learn nothing about what answered. `detail` is
 * for the operator's logs only.
 */
export class UnreachableError extends Error {
  readonly code = "FONDATION_UNREACHABLE";
  readonly detail: string;
  constructor(detail: string) {
    super("could not reach the repository");
    this.name = "UnreachableError";
    this.detail = detail;
  }
}

export function guardedLookup(policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    resolve(hostname).then(
      (answer) => {
        const refused = answer.length === 0 || answer.some((a) => !policy.allows(a.address));
        if (refused) {
          return callback(new UnreachableError(`${hostname} resolved to a non-public address`), "");
        }
        const family =
          options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
        const wanted = family ? answer.filter((a) => a.family === family) : answer;
        const first = wanted[0];
        if (!first) {
          return callback(new UnreachableError(`${hostname} has no address of that family`), "");
        }
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      () => callback(new UnreachableError(`${hostname} did not resolve`), ""),
    );
  };
}
