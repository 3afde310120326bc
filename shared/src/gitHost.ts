/**
 * Which host names a git URL may name, judged from the name alone (no DNS): the early,
 * explainable half of the worker's network policy. Convex refuses these when a repository is
 * added; the worker refuses them again and, on every connection, checks the address a name
 * actually resolves to (worker/src/net/addressPolicy.ts), which is the half that holds.
 *
 * Convex functions cannot use node:net, so IP literals are not sorted into public and
 * private ranges here: every IP literal is refused (a public git host has a name, and its
 * certificate names it), which covers each notation the URL parser folds into one
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `[::ffff:127.0.0.1]`, `[::]`…).
 */

export type HostCheck = { ok: true } | { ok: false; error: string };

/**
 * Suffixes that name this machine or a private network, never a public git host: RFC 6761
 * and 6762 special-use names, `.arpa` (RFC 8375 home networks, reverse zones), ICANN's
 * `.internal`, and common private-DNS conventions.
 */
const PRIVATE_SUFFIXES = [
  "localhost",
  "local",
  "internal",
  "localdomain",
  "lan",
  "intranet",
  "corp",
  "private",
  "test",
  "invalid",
  "onion",
  "arpa",
];

/** Loopback in the forms the URL parser produces; allowed only in local development. */
function isLoopbackName(bare: string, hostname: string): boolean {
  return (
    bare === "localhost" ||
    bare.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    hostname === "[::1]"
  );
}

/**
 * An IP literal in any notation. The WHATWG URL parser already turns decimal, octal and hex
 * IPv4 into dotted form; the last-label rule is its own definition of "this is IPv4", kept
 * here so a parser that did not normalise is still caught.
 */
function isIpLiteral(bare: string, hostname: string): boolean {
  if (hostname.startsWith("[")) return true;
  const last = bare.split(".").pop() ?? "";
  return /^(?:0x[0-9a-f]*|\d+)$/i.test(last);
}

/** `hostname` as `URL.hostname` gives it (lower case, IPv6 in brackets). */
export function checkGitHost(hostname: string, options: { allowLoopback: boolean }): HostCheck {
  const host = hostname.toLowerCase();
  // `localhost.` and `github.com.` are the same names as without the dot.
  const bare = host.replace(/\.+$/, "");
  if (bare.length === 0) return { ok: false, error: "The URL has no host name." };
  if (isLoopbackName(bare, host)) {
    return options.allowLoopback
      ? { ok: true }
      : {
          ok: false,
          error:
            "That URL points to this machine (localhost or a loopback address): only public git hosts are accepted.",
        };
  }
  if (isIpLiteral(bare, host)) {
    return {
      ok: false,
      error:
        "Use the git server's host name: IP addresses (such as 10.0.0.1, 169.254.169.254 or [::1], in any notation) are not accepted.",
    };
  }
  if (!bare.includes(".")) {
    return {
      ok: false,
      error:
        "Use the git server's full host name (such as git.example.com): a name without a dot can point to a machine on a private network.",
    };
  }
  const suffix = PRIVATE_SUFFIXES.find((s) => bare === s || bare.endsWith(`.${s}`));
  if (suffix) {
    return {
      ok: false,
      error: `Host names ending in .${suffix} name a private network: only public git hosts are accepted.`,
    };
  }
  return { ok: true };
}
