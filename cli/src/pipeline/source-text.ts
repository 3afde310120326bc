/**
 * A source file's text for the ranking, or "" when it cannot be read: one unreadable file
 * must not stop the ranking of the others.
 *
 * Read by the dependency and entry-point resolvers (python-imports.ts, rust-modules.ts,
 * go-imports.ts, entrypoints.ts).
 */
import type { SourceReader } from "../types.ts";

export async function readOr(reader: SourceReader, path: string): Promise<string> {
  try {
    return await reader.read(path);
  } catch {
    return "";
  }
}
