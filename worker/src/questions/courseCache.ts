/**
 * The courses questions are answered from, on disk under the worker's own temp folder and
 * opened in memory (code map + search index), one per course id. A complete course never
 * changes, so an entry is written once and reused until it is evicted: at most `maxCourses`
 * are kept, the least recently used idle one goes first (one being answered from is never
 * removed under its reader; the cap is then exceeded by at most the busy ones).
 */
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { type OpenedCourse, openCourse } from "@fondation/cli/ask";
import { SOURCES_DIR } from "../course/previousFolder.ts";

export interface CachedCourse {
  folder: string;
  opened: OpenedCourse;
}

/** Writes a course folder at `folder` (which does not exist yet). */
export type WriteCourse = (folder: string) => Promise<void>;

interface Entry {
  ready: Promise<CachedCourse>;
  users: number;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class CourseCache {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;

  private readonly dir: string;
  private readonly maxCourses: number;

  constructor(dir: string, maxCourses: number) {
    this.dir = dir;
    this.maxCourses = maxCourses;
  }

  /** Course ids cached now, oldest use first. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * The course, written by `write` the first time (concurrent callers share one write), and
   * held until `release`. A failed write leaves nothing behind and is retried by the next call.
   */
  async acquire(courseId: string, write: WriteCourse): Promise<CachedCourse> {
    if (!SAFE_ID.test(courseId)) throw new Error("refused a course id that is not a plain id");
    let entry = this.entries.get(courseId);
    if (entry) this.entries.delete(courseId);
    else entry = { ready: this.load(courseId, write), users: 0 };
    // Re-inserted: the Map's order is the order of last use.
    this.entries.set(courseId, entry);
    entry.users += 1;
    try {
      const course = await entry.ready;
      await this.evict();
      return course;
    } catch (error) {
      entry.users -= 1;
      if (this.entries.get(courseId) === entry) this.entries.delete(courseId);
      throw error;
    }
  }

  release(courseId: string): void {
    const entry = this.entries.get(courseId);
    if (entry && entry.users > 0) entry.users -= 1;
  }

  private async load(courseId: string, write: WriteCourse): Promise<CachedCourse> {
    const folder = join(this.dir, courseId);
    // Written aside, then renamed: a folder under its final name is always complete.
    const partial = join(this.dir, `.partial-${courseId}-${++this.seq}`);
    await mkdir(this.dir, { recursive: true });
    await rm(folder, { recursive: true, force: true });
    try {
      await write(partial);
      // A course that cites no file still needs its (empty) repository folder.
      await mkdir(join(partial, SOURCES_DIR), { recursive: true });
      await rename(partial, folder);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      throw error;
    }
    try {
      return { folder, opened: await openCourse(folder, { repo: join(folder, SOURCES_DIR) }) };
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  private async evict(): Promise<void> {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxCourses) return;
      if (entry.users > 0) continue;
      this.entries.delete(id);
      const gone = await entry.ready.catch(() => null);
      if (gone) await rm(gone.folder, { recursive: true, force: true });
    }
  }
}
