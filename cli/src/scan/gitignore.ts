/**
 * Git's ignore rules for a walk: `.gitignore` files at every level (a deeper file overrides a
 * shallower one, `!negation` re-includes) plus `.git/info/exclude`, matched by the `ignore`
 * package. Used by scan/walk.ts while it descends.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";

interface Layer {
  /** Directory of the .gitignore, relative to the root ("" for the root), with a trailing slash. */
  base: string;
  matcher: Ignore;
}

export class IgnoreStack {
  private readonly layers: Layer[];

  private constructor(layers: Layer[]) {
    this.layers = layers;
  }

  static forRoot(root: string): IgnoreStack {
    const rootMatcher = ignore();
    let any = false;
    for (const file of [join(root, ".git", "info", "exclude"), join(root, ".gitignore")]) {
      const rules = readRules(file);
      if (rules !== null) {
        rootMatcher.add(rules);
        any = true;
      }
    }
    return new IgnoreStack(any ? [{ base: "", matcher: rootMatcher }] : []);
  }

  /** The stack to use inside `relDir` (adds its own .gitignore when it has one). */
  enter(root: string, relDir: string): IgnoreStack {
    const rules = readRules(join(root, relDir, ".gitignore"));
    if (rules === null) return this;
    return new IgnoreStack([...this.layers, { base: `${relDir}/`, matcher: ignore().add(rules) }]);
  }

  /** Whether a repository-relative path is ignored; directories are tested with a trailing slash. */
  ignores(relPath: string, isDir: boolean): boolean {
    let ignored = false;
    for (const layer of this.layers) {
      if (!relPath.startsWith(layer.base)) continue;
      const local = relPath.slice(layer.base.length) + (isDir ? "/" : "");
      const result = layer.matcher.test(local);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

function readRules(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
