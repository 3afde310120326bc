/**
 * Reading files of a folder that may be hostile (a cloned repository, a course folder from
 * elsewhere): a relative path only, never `..`, never a symlink (the file itself is opened
 * with O_NOFOLLOW and its folder must resolve inside the root), at most `maxBytes` read.
 * Lines are cached per file because the context picker reads the same file several times.
 */
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, resolve, sep } from "node:path";
import { decodeText } from "../scan/text.ts";

/** A file larger than this is not read for an answer (the scanner keeps files up to 512 KiB). */
export const MAX_SOURCE_BYTES = 1024 * 1024;
const CACHED_FILES = 32;

export class UnsafePathError extends Error {
  override name = "UnsafePathError";
}

export class SafeFolder {
  readonly root: string;
  private readonly rootReal: Promise<string>;
  private readonly cache = new Map<string, string[]>();

  constructor(root: string) {
    this.root = root;
    this.rootReal = realpath(resolve(root));
  }

  /** The text of `relPath`, or an UnsafePathError when it is outside, a symlink or too large. */
  async readText(relPath: string, maxBytes = MAX_SOURCE_BYTES): Promise<string> {
    const abs = await this.absolute(relPath);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ELOOP")
        throw new UnsafePathError(`${relPath} is a symlink; it is not followed`);
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new UnsafePathError(`${relPath} is not a regular file`);
      if (info.size > maxBytes)
        throw new UnsafePathError(`${relPath} is larger than ${maxBytes} bytes`);
      const bytes = new Uint8Array(info.size);
      const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
      return decodeText(bytes.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  }

  /** Every line of a file, as the citation validator counts them (cached). */
  async lines(relPath: string): Promise<string[]> {
    const hit = this.cache.get(relPath);
    if (hit) return hit;
    const text = await this.readText(relPath);
    const lines = text.split(/\r?\n/);
    if (text.endsWith("\n")) lines.pop();
    this.cache.set(relPath, lines);
    if (this.cache.size > CACHED_FILES) this.cache.delete(this.cache.keys().next().value as string);
    return lines;
  }

  private async absolute(relPath: string): Promise<string> {
    if (
      relPath === "" ||
      isAbsolute(relPath) ||
      relPath.includes("\0") ||
      relPath.includes("\\") ||
      relPath.split("/").some((part) => part === ".." || part === "")
    )
      throw new UnsafePathError(
        `${JSON.stringify(relPath)} is not a relative path inside the folder`,
      );
    const root = await this.rootReal;
    const abs = resolve(root, relPath);
    // A symlinked folder on the way would lead outside: its real path must stay inside.
    const folder = await realpath(dirname(abs));
    if (folder !== root && !folder.startsWith(root + sep))
      throw new UnsafePathError(`${relPath} leads outside the folder`);
    return resolve(folder, basename(abs));
  }
}
