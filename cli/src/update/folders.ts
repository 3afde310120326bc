/**
 * What was in the previous tree, for finding new modules: the paths at the previous commit
 * when the clone has it (git), else the folders the previous manifest recorded (a shallow
 * clone, as the worker makes, holds only the new commit). Written with every course.
 */
import { MAX_COURSE_FOLDERS, MAX_COURSE_FOLDERS_CHARS } from "@fondation/shared";
import type { CodeMap } from "../types.ts";

const folderOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");

/** The folders holding the map's files (the root aside), or undefined past the limits. */
export function treeFolders(map: CodeMap): string[] | undefined {
  const folders = [...new Set(map.files.map((f) => folderOf(f.path)))]
    .filter((d) => d !== "")
    .sort();
  if (folders.length > MAX_COURSE_FOLDERS) return undefined;
  if (JSON.stringify(folders).length > MAX_COURSE_FOLDERS_CHARS) return undefined;
  return folders;
}

/**
 * Whether a path of the new tree already existed before: exactly, from the previous
 * commit's paths; by its folder, from the recorded folders (a new file in an old folder
 * counts as old). Undefined when neither is known: new modules are then not looked for.
 */
export function previouslyThere(
  tree: Set<string> | undefined,
  folders: string[] | undefined,
): ((path: string) => boolean) | undefined {
  if (tree) return (path) => tree.has(path);
  if (!folders) return undefined;
  const known = new Set(folders);
  return (path) => {
    const folder = folderOf(path);
    return folder === "" || known.has(folder);
  };
}
