/**
 * GitHub's delivery signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw
 * body)>` (docs.github.com, "Validating webhook deliveries"). Web Crypto only, so it runs in
 * the Convex runtime; the comparison takes the same time whatever bytes differ.
 */
const HEADER_RE = /^sha256=([0-9a-f]{64})$/i;

async function hmac(secret: string, body: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, body as Uint8Array<ArrayBuffer>));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The header value GitHub would send for `body` signed with `secret`. */
export async function signatureHeader(secret: string, body: Uint8Array): Promise<string> {
  return `sha256=${toHex(await hmac(secret, body))}`;
}

/** Equal byte strings, compared in time that depends only on their length. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** True when `header` is the signature of `body` with `secret`; false when absent or malformed. */
export async function verifySignature(
  secret: string,
  body: Uint8Array,
  header: string | null,
): Promise<boolean> {
  const hex = header ? HEADER_RE.exec(header.trim())?.[1] : undefined;
  if (!hex || !secret) return false;
  const given = new Uint8Array(32);
  for (let i = 0; i < 32; i++) given[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return constantTimeEqual(await hmac(secret, body), given);
}
