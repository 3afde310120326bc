/**
 * What a clone may cost, and the refusal when a repository asks for more (issue 11,
 * "Resource limits that hold before the damage"). The limits are checked on what git
 * declares before anything is inflated or written: the object count in the packfile header,
 * each object's size in its entry header (a delta's in its own header), and the tree's file
 * count, depth and total size before checkout. Set from the worker's config (MAX_REPO_*,
 * MAX_FILE_BYTES, MAX_PATH_DEPTH); read by clone.ts, packScan.ts and treeCheck.ts.
 */

export interface CloneLimits {
  /** Bytes received; bytes the objects inflate to; bytes of the checked-out files. */
  maxBytes: number;
  /** Objects in the pack (packfile header). */
  maxObjects: number;
  /** Inflated size of one object: a file, a tree, a delta's result. */
  maxFileBytes: number;
  /** Files, symlinks and folders the checkout would create. */
  maxFiles: number;
  /** Folders nested inside one another. */
  maxDepth: number;
  /** Characters of one path (MAX_PATH_CHARS; tests lift it to let a checkout grind). */
  maxPathChars: number;
}

/** Characters of one path inside the repository (Linux refuses paths over 4,096 bytes). */
export const MAX_PATH_CHARS = 3_000;

/** Limits for callers that set only the size (tests of other behaviour). */
export function cloneLimits(partial: Partial<CloneLimits> & { maxBytes: number }): CloneLimits {
  return {
    maxObjects: 1_000_000,
    maxFileBytes: partial.maxBytes,
    maxFiles: 1_000_000,
    maxDepth: 256,
    maxPathChars: MAX_PATH_CHARS,
    ...partial,
  };
}

/** The setting an operator raises for each kind of refusal. */
export type LimitKind = "bytes" | "objects" | "file" | "files" | "depth" | "path" | "memory";

const SETTING: Record<LimitKind, string> = {
  bytes: "MAX_REPO_BYTES",
  objects: "MAX_REPO_OBJECTS",
  file: "MAX_FILE_BYTES",
  files: "MAX_REPO_FILES",
  depth: "MAX_PATH_DEPTH",
  path: "MAX_PATH_DEPTH",
  memory: "CLONE_MEMORY_MB",
};

/**
 * A repository over one of the limits: permanent (retrying gets the same answer). `detail`
 * says what was too large, in words a user can check against the repository (never a path
 * of the worker's machine).
 */
export class TooLargeError extends Error {
  readonly kind: LimitKind;
  readonly detail: string;
  constructor(kind: LimitKind, detail: string) {
    super(`the repository is too large: ${detail}`);
    this.name = "TooLargeError";
    this.kind = kind;
    this.detail = detail;
  }

  get setting(): string {
    return SETTING[this.kind];
  }
}

/** A pack that contradicts itself (sizes that lie, truncated entries): refused, permanent. */
export class MalformedPackError extends Error {
  constructor(detail: string) {
    super(`the repository's pack is malformed: ${detail}`);
    this.name = "MalformedPackError";
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} bytes`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
