/**
 * Hostile repositories for the resource-limit tests and benchmarks (issue 11): git objects
 * written directly as loose objects into a bare repository, so that a repository of a few
 * kilobytes can name a blob of a gigabyte, a million files, or a tree thousands of levels
 * deep, without the test paying for what it describes. Served by git-http-server.ts (git
 * http-backend packs loose objects like any others).
 */
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createDeflate, deflateSync } from "node:zlib";

export interface TreeEntry {
  mode: "100644" | "100755" | "120000" | "40000" | "160000";
  name: string;
  oid: string;
}

/** One bare repository being written: objects in, a branch out. */
export class ObjectWriter {
  readonly bare: string;
  constructor(bare: string) {
    this.bare = bare;
  }

  /** Writes one object (content without its git header) and returns its oid. */
  write(type: "blob" | "tree" | "commit", content: Buffer): string {
    const header = Buffer.from(`${type} ${content.length}\0`);
    const full = Buffer.concat([header, content]);
    const oid = createHash("sha1").update(full).digest("hex");
    const dir = join(this.bare, "objects", oid.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, oid.slice(2)), deflateSync(full));
    return oid;
  }

  blob(text: string | Buffer): string {
    return this.write("blob", Buffer.isBuffer(text) ? text : Buffer.from(text));
  }

  /** A blob of `size` zero bytes, hashed and deflated as a stream (constant memory). */
  async zeroBlob(size: number): Promise<string> {
    const header = Buffer.from(`blob ${size}\0`);
    const chunk = Buffer.alloc(Math.min(size, 1 << 20) || 1);
    const hash = createHash("sha1").update(header);
    for (let left = size; left > 0; left -= chunk.length) {
      hash.update(left >= chunk.length ? chunk : chunk.subarray(0, left));
    }
    const oid = hash.digest("hex");
    const dir = join(this.bare, "objects", oid.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    async function* body() {
      yield header;
      for (let left = size; left > 0; left -= chunk.length) {
        yield left >= chunk.length ? chunk : chunk.subarray(0, left);
      }
    }
    await pipeline(body(), createDeflate({ level: 9 }), createWriteStream(join(dir, oid.slice(2))));
    return oid;
  }

  /** A tree object; entries sorted the way git sorts them (a tree's name as `name/`). */
  tree(entries: TreeEntry[]): string {
    const key = (e: TreeEntry) => (e.mode === "40000" ? `${e.name}/` : e.name);
    const sorted = [...entries].sort((a, b) =>
      Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))),
    );
    const parts = sorted.flatMap((e) => [
      Buffer.from(`${e.mode} ${e.name}\0`),
      Buffer.from(e.oid, "hex"),
    ]);
    return this.write("tree", Buffer.concat(parts));
  }

  commit(tree: string, message = "bomb"): string {
    const who = "Test <test@example.invalid> 1700000000 +0000";
    return this.write(
      "commit",
      Buffer.from(`tree ${tree}\nauthor ${who}\ncommitter ${who}\n\n${message}\n`),
    );
  }

  /** Points `refs/heads/<branch>` (and HEAD) at a commit. */
  branch(commit: string, branch = "main"): void {
    mkdirSync(join(this.bare, "refs", "heads"), { recursive: true });
    writeFileSync(join(this.bare, "refs", "heads", branch), `${commit}\n`);
    writeFileSync(join(this.bare, "HEAD"), `ref: refs/heads/${branch}\n`);
  }
}

/** One file `big.bin` of `size` zero bytes next to a README: a pack of about size/1000. */
export async function blobBomb(w: ObjectWriter, size: number): Promise<string> {
  const big = await w.zeroBlob(size);
  const readme = w.blob("# a small repository\n");
  const commit = w.commit(
    w.tree([
      { mode: "100644", name: "README.md", oid: readme },
      { mode: "100644", name: "big.bin", oid: big },
    ]),
  );
  w.branch(commit);
  return commit;
}

/**
 * `width ** levels` empty files from `levels` tree objects and one empty blob: every level
 * is one tree whose `width` entries all name the level below (git stores it once).
 */
export function fileCountBomb(w: ObjectWriter, width: number, levels: number): string {
  let oid = w.blob("");
  let mode: TreeEntry["mode"] = "100644";
  for (let level = 0; level < levels; level++) {
    const entries: TreeEntry[] = [];
    for (let i = 0; i < width; i++) entries.push({ mode, name: `f${i}`, oid });
    oid = w.tree(entries);
    mode = "40000";
  }
  const commit = w.commit(oid);
  w.branch(commit);
  return commit;
}

/** One file at the bottom of `depth` nested folders named `d`. */
export function deepTreeBomb(w: ObjectWriter, depth: number): string {
  let oid = w.tree([{ mode: "100644", name: "deep.txt", oid: w.blob("bottom\n") }]);
  for (let level = 0; level < depth; level++) {
    oid = w.tree([{ mode: "40000", name: "d", oid }]);
  }
  const commit = w.commit(oid);
  w.branch(commit);
  return commit;
}

/** A tree entry git refuses to check out (`..`, `.git`, a name with a slash…). */
export function unsafePathRepo(w: ObjectWriter, name: string): string {
  const payload = w.blob("[core]\n\tfsmonitor = echo pwned\n");
  const inner = w.tree([{ mode: "100644", name: "config", oid: payload }]);
  const commit = w.commit(
    w.tree([
      { mode: "100644", name: "README.md", oid: w.blob("# hello\n") },
      { mode: "40000", name, oid: inner },
    ]),
  );
  w.branch(commit);
  return commit;
}
