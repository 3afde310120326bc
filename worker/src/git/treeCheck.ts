/**
 * The checkout's bill, read from the tree before a single file is written: how many files
 * and folders it creates (a subtree named a thousand times counts a thousand times: that is
 * how 144 KB expands to a million files), how deep folders nest, how long a path gets, and
 * how many bytes the files add up to (blob sizes from the pack scan, never by reading the
 * blobs). Stops at the first limit crossed, so the walk itself costs at most the limit.
 * Unsafe entry names (`..`, `.git`…) are refused by isomorphic-git's tree parser, which
 * every tree read here goes through. Runs in the clone process, between fetch and checkout.
 */
import { type CloneLimits, formatBytes, formatCount, TooLargeError } from "./limits.ts";

export interface TreeEntryLike {
  mode: string;
  path: string;
  oid: string;
  type: string;
}

export interface TreeCheckInput {
  rootTree: string;
  readTree: (oid: string) => Promise<TreeEntryLike[]>;
  /** Inflated size of a blob, without reading it. */
  blobSize: (oid: string) => Promise<number>;
  limits: Pick<CloneLimits, "maxBytes" | "maxFileBytes" | "maxFiles" | "maxDepth" | "maxPathChars">;
  signal?: AbortSignal | undefined;
}

export interface TreeBill {
  files: number;
  folders: number;
  bytes: number;
  depth: number;
}

export async function checkTree(input: TreeCheckInput): Promise<TreeBill> {
  const { limits } = input;
  const bill: TreeBill = { files: 0, folders: 0, bytes: 0, depth: 0 };
  const trees = new Map<string, TreeEntryLike[]>();
  const sizes = new Map<string, number>();
  const stack: { oid: string; path: string; depth: number }[] = [
    { oid: input.rootTree, path: "", depth: 0 },
  ];
  while (stack.length > 0) {
    input.signal?.throwIfAborted();
    const { oid, path, depth } = stack.pop() as { oid: string; path: string; depth: number };
    let entries = trees.get(oid);
    if (!entries) {
      entries = await input.readTree(oid);
      trees.set(oid, entries);
    }
    for (const entry of entries) {
      const entryPath = path ? `${path}/${entry.path}` : entry.path;
      if (entryPath.length > limits.maxPathChars) {
        throw new TooLargeError(
          "path",
          `it holds a path of more than ${formatCount(limits.maxPathChars)} characters`,
        );
      }
      if (entry.type === "commit") continue; // a submodule: not checked out
      if (entry.type === "tree") {
        bill.folders += 1;
        if (depth + 1 > limits.maxDepth) {
          throw new TooLargeError(
            "depth",
            `its folders nest more than ${formatCount(limits.maxDepth)} levels deep`,
          );
        }
        bill.depth = Math.max(bill.depth, depth + 1);
        stack.push({ oid: entry.oid, path: entryPath, depth: depth + 1 });
      } else {
        bill.files += 1;
        let size = sizes.get(entry.oid);
        if (size === undefined) {
          size = await input.blobSize(entry.oid);
          sizes.set(entry.oid, size);
        }
        if (size > limits.maxFileBytes) {
          throw new TooLargeError(
            "file",
            `it holds a file of ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} limit for one file`,
          );
        }
        bill.bytes += size;
        if (bill.bytes > limits.maxBytes) {
          throw new TooLargeError(
            "bytes",
            `its files add up to more than the ${formatBytes(limits.maxBytes)} this service clones`,
          );
        }
      }
      if (bill.files + bill.folders > limits.maxFiles) {
        throw new TooLargeError(
          "files",
          `it has more than ${formatCount(limits.maxFiles)} files and folders`,
        );
      }
    }
  }
  return bill;
}
