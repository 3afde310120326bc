// Convex timestamps travel as unsigned 64-bit little-endian integers in base64 (12 characters).
export function encodeTs(ts: bigint): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ts);
  return bytes.toString("base64");
}

export function decodeTs(encoded: string): bigint {
  const bytes = Buffer.from(encoded, "base64");
  if (bytes.length !== 8) throw new Error(`Invalid timestamp "${encoded}": expected 8 bytes`);
  return bytes.readBigUInt64LE();
}

/** A logical clock in nanoseconds: never goes backwards, advances on every commit. */
export class Clock {
  #current = 0n;

  get current(): bigint {
    return this.#current;
  }

  advance(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.#current = now > this.#current ? now : this.#current + 1n;
    return this.#current;
  }
}

export function maxTs(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
