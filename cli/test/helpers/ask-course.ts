/**
 * A small repository and a hand-written course about it, for the ask tests: the lessons cite
 * real lines (and, in `stale`, a range past the end of its file, as after the code moved on).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COURSE_SCHEMA_VERSION, type CourseLanguage, ZERO_USAGE } from "@fondation/shared";
import type { TreeSpec } from "./tree.ts";

export const ASK_REPO: TreeSpec = {
  "src/auth/session.ts": [
    "/** Sessions of signed-in users. */",
    "export interface Session { token: string; expiresAt: number }",
    "",
    "/** Asks the server for a new token when the current one is about to expire. */",
    "export async function refreshToken(session: Session): Promise<Session> {",
    "  const answer = await fetch('/token', { method: 'POST' });",
    "  const body = (await answer.json()) as { token: string; ttl: number };",
    "  return { token: body.token, expiresAt: Date.now() + body.ttl };",
    "}",
    "",
    "export function isExpired(session: Session, now = Date.now()): boolean {",
    "  return session.expiresAt <= now;",
    "}",
    "",
  ].join("\n"),
  "src/store/cache.py": [
    '"""A small LRU cache."""',
    "class LruCache:",
    '    """Keeps the most recently used entries."""',
    "    def __init__(self, capacity):",
    "        self.capacity = capacity",
    "        self.entries = {}",
    "",
    "    def evict_oldest(self):",
    "        oldest = next(iter(self.entries))",
    "        del self.entries[oldest]",
    "",
    "    def trim(self):",
    "        self.evict_oldest()",
    "",
    "def filename_of(entry):",
    "    return entry.path",
    "",
  ].join("\n"),
  "README.md": "# demo\n\nA demo app with sessions and a cache.\n",
};

export function writeAskCourse(
  folder: string,
  options: { language?: CourseLanguage; stale?: boolean } = {},
): void {
  mkdirSync(join(folder, "chapters"), { recursive: true });
  const stale = options.stale ? "\nThe old helper was at `src/auth/session.ts:40-60`.\n" : "";
  const lessons = [
    {
      slug: "sessions",
      title: "Sessions and tokens",
      file: "chapters/01-sessions.md",
      markdown: `# Sessions and tokens\n\n## Refreshing\n\nA session's token is renewed by \`src/auth/session.ts:5-9\` before it expires.${stale}\n## Expiry\n\nExpiry is checked in \`src/auth/session.ts:11-13\`.\n`,
    },
    {
      slug: "cache",
      title: "The cache",
      file: "chapters/02-cache.md",
      markdown: "# The cache\n\nEntries leave the cache oldest first: `src/store/cache.py:8-10`.\n",
    },
  ];
  for (const l of lessons) writeFileSync(join(folder, l.file), l.markdown);
  const manifest = {
    schemaVersion: COURSE_SCHEMA_VERSION,
    title: "demo",
    summary: "A demo course.",
    repository: { name: "demo" },
    language: options.language ?? "en",
    model: null,
    generatedAt: "2026-12-01T00:00:00.000Z",
    abstractions: [],
    relationships: [],
    chapters: lessons.map((l, i) => ({
      kind: "chapter",
      slug: l.slug,
      title: l.title,
      file: l.file,
      citations: [],
      prev: lessons[i - 1]?.slug ?? null,
      next: lessons[i + 1]?.slug ?? null,
    })),
    tutorials: [],
    usage: ZERO_USAGE,
  };
  writeFileSync(join(folder, "course.json"), JSON.stringify(manifest, null, 2));
}
