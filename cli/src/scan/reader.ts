/**
 * SourceReader over a folder: reads kept files on demand (nothing is held for the whole
 * run), with a small cache of split lines for the excerpts and citation checks that hit the
 * same files again and again. Created by scan/index.ts; used by the builders and the writer.
 */
import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import type { SourceReader } from "../types.ts";
import { decodeText } from "./text.ts";

const CACHED_FILES = 64;

export class FolderReader implements SourceReader {
  private readonly root: string;
  private readonly known: Set<string> | null;
  private readonly cache = new Map<string, string[]>();

  /** `known`: when given, only these repository-relative paths may be read. */
  constructor(root: string, known?: Iterable<string>) {
    this.root = resolve(root);
    this.known = known ? new Set(known) : null;
  }

  async read(path: string): Promise<string> {
    return decodeText(await readFile(this.absolute(path)));
  }

  async lines(path: string, start: number, end: number): Promise<string[]> {
    const all = await this.allLines(path);
    if (start < 1 || end < start || end > all.length) {
      throw new RangeError(`${path}:${start}-${end} is outside the file (${all.length} lines)`);
    }
    return all.slice(start - 1, end);
  }

  /** Every line of a file (cached). */
  async allLines(path: string): Promise<string[]> {
    const hit = this.cache.get(path);
    if (hit) {
      this.cache.delete(path);
      this.cache.set(path, hit);
      return hit;
    }
    const text = await this.read(path);
    const lines = text.split(/\r?\n/);
    if (text.endsWith("\n")) lines.pop();
    this.cache.set(path, lines);
    if (this.cache.size > CACHED_FILES) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    return lines;
  }

  private absolute(path: string): string {
    if (this.known && !this.known.has(path)) {
      throw new Error(`${path} is not a file of the analysed folder`);
    }
    const abs = resolve(this.root, path);
    if (abs !== this.root && !abs.startsWith(this.root + sep)) {
      throw new Error(`${path} is outside the analysed folder`);
    }
    return abs;
  }
}
