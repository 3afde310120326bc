/**
 * Reads a packfile's declarations before anyone inflates it for real: the object count
 * from the header, each entry's type and inflated size from its entry header, and a delta's
 * result size from the delta's own header. Refuses (TooLargeError) as soon as a declaration
 * is over the limits, so a 1 MB pack that names a 1 GiB blob is refused after reading a few
 * bytes. Entries within the limits are inflated one at a time (each bounded by
 * MAX_FILE_BYTES) only to find where the next one starts; a size that lies is a
 * MalformedPackError. Runs in the clone process (clone.ts), on the pack isomorphic-git is
 * about to write and index, and on packs the git program wrote (file://, development).
 *
 * Also reads a pack index (.idx v2) to map object ids to offsets, so the tree check can ask
 * for a blob's size without reading the blob.
 */
import { inflateSync } from "node:zlib";
import {
  type CloneLimits,
  formatBytes,
  formatCount,
  MalformedPackError,
  TooLargeError,
} from "./limits.ts";

export interface PackScan {
  objectCount: number;
  /** Inflated size of every object by its offset in the pack (a delta: its result's size). */
  sizeAt: Map<number, number>;
  /** Sum of the inflated sizes. */
  totalBytes: number;
}

const OFS_DELTA = 6;
const REF_DELTA = 7;

export function scanPack(
  pack: Uint8Array,
  limits: Pick<CloneLimits, "maxBytes" | "maxObjects" | "maxFileBytes">,
  signal?: AbortSignal,
): PackScan {
  const buf = Buffer.from(pack.buffer, pack.byteOffset, pack.byteLength);
  if (buf.length < 32 || buf.toString("latin1", 0, 4) !== "PACK") {
    throw new MalformedPackError("no pack header");
  }
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new MalformedPackError(`pack version ${version}`);
  const objectCount = buf.readUInt32BE(8);
  if (objectCount > limits.maxObjects) {
    throw new TooLargeError(
      "objects",
      `it holds ${formatCount(objectCount)} git objects, more than the ${formatCount(limits.maxObjects)} this service clones`,
    );
  }
  const end = buf.length - 20; // the trailer: the pack's checksum
  const sizeAt = new Map<number, number>();
  let totalBytes = 0;
  let offset = 12;
  for (let index = 0; index < objectCount; index++) {
    if (index % 256 === 0) signal?.throwIfAborted();
    const start = offset;
    if (offset >= end) throw new MalformedPackError("truncated");
    let c = buf[offset++] as number;
    const type = (c >> 4) & 7;
    let size = c & 15;
    let scale = 16;
    while (c & 0x80) {
      if (offset >= end || scale > 2 ** 49) throw new MalformedPackError("bad entry header");
      c = buf[offset++] as number;
      size += (c & 0x7f) * scale;
      scale *= 128;
    }
    if (type === OFS_DELTA) {
      do {
        if (offset >= end) throw new MalformedPackError("bad delta offset");
        c = buf[offset++] as number;
      } while (c & 0x80);
    } else if (type === REF_DELTA) {
      offset += 20;
    } else if (type < 1 || type > 4) {
      throw new MalformedPackError(`object type ${type}`);
    }
    // The declared size, before a single byte is inflated.
    checkObjectSize(size, limits.maxFileBytes);
    let inflated: Buffer;
    let consumed: number;
    try {
      const result = inflateSync(buf.subarray(offset, end), {
        info: true,
        maxOutputLength: Math.max(1, size + 1),
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      inflated = result.buffer;
      consumed = result.engine.bytesWritten;
    } catch {
      throw new MalformedPackError(`entry ${index + 1} does not inflate to its declared size`);
    }
    if (inflated.length !== size) {
      throw new MalformedPackError(`entry ${index + 1} does not inflate to its declared size`);
    }
    let objectSize = size;
    if (type === OFS_DELTA || type === REF_DELTA) {
      // A delta starts with two varints: the base's size and the result's size.
      const cursor = { at: 0 };
      readDeltaVarint(inflated, cursor);
      objectSize = readDeltaVarint(inflated, cursor);
      checkObjectSize(objectSize, limits.maxFileBytes);
    }
    totalBytes += objectSize;
    if (totalBytes > limits.maxBytes) {
      throw new TooLargeError(
        "bytes",
        `its files unpack to more than the ${formatBytes(limits.maxBytes)} this service clones`,
      );
    }
    sizeAt.set(start, objectSize);
    offset += consumed;
  }
  return { objectCount, sizeAt, totalBytes };
}

function checkObjectSize(size: number, maxFileBytes: number): void {
  if (size > maxFileBytes) {
    throw new TooLargeError(
      "file",
      `it holds a file of ${formatBytes(size)}, over the ${formatBytes(maxFileBytes)} limit for one file`,
    );
  }
}

function readDeltaVarint(data: Buffer, cursor: { at: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (cursor.at >= data.length || scale > 2 ** 49) {
      throw new MalformedPackError("bad delta header");
    }
    const c = data[cursor.at++] as number;
    value += (c & 0x7f) * scale;
    scale *= 128;
    if (!(c & 0x80)) return value;
  }
}

/** Object id → offset, from a version 2 pack index. */
export function readPackIndex(idx: Uint8Array): Map<string, number> {
  const buf = Buffer.from(idx.buffer, idx.byteOffset, idx.byteLength);
  if (buf.length < 8 + 256 * 4 || buf.readUInt32BE(0) !== 0xff744f63 || buf.readUInt32BE(4) !== 2) {
    throw new MalformedPackError("unknown pack index format");
  }
  const count = buf.readUInt32BE(8 + 255 * 4);
  const oids = 8 + 256 * 4;
  const offsets = oids + count * 20 + count * 4;
  const large = offsets + count * 4;
  if (buf.length < large + 40) throw new MalformedPackError("truncated pack index");
  const byOid = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const oid = buf.toString("hex", oids + i * 20, oids + i * 20 + 20);
    let offset = buf.readUInt32BE(offsets + i * 4);
    if (offset & 0x80000000) {
      const at = large + (offset & 0x7fffffff) * 8;
      offset = Number(buf.readBigUInt64BE(at));
    }
    byOid.set(oid, offset);
  }
  return byOid;
}
