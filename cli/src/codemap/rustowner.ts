/**
 * The type a Rust `fn` belongs to: the target of the `impl` (or the `trait`) block around
 * it, so that generic.ts outlines `Searcher::search_slice` as the method `Searcher.search_slice`
 * rather than a free function named like a dozen others (`new`, `build`).
 */

const IMPL = /^\s*(?:unsafe\s+)?impl\b/;
const TRAIT = /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:unsafe\s+)?trait\s+(\w+)/;
const TARGET = /^\s*(?:&\s*(?:'\w+\s+)?)?(?:mut\s+)?(?:dyn\s+)?(?:\w+::)*(\w+)/;

/** The implemented type of an `impl …` line (`impl<T> Sink for Box<T>` → `Box`), or null. */
export function implTarget(line: string): string | null {
  const m = IMPL.exec(line);
  if (!m) return null;
  let rest = line.slice(m[0].length);
  const open = rest.search(/\S/);
  if (rest.charAt(open) === "<") rest = rest.slice(closingAngle(rest, open) + 1);
  const head = rest.split(/\bwhere\b|\{/)[0] ?? "";
  const forAt = head.search(/\sfor\s/);
  const target = forAt === -1 ? head : head.slice(forAt + 4);
  return TARGET.exec(target)?.[1] ?? null;
}

/** Index of the `>` closing the `<` at `open` (the string's end when it does not close). */
function closingAngle(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "<") depth++;
    else if (c === ">" && text.charAt(i - 1) !== "-") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

/** Tracks the open `impl`/`trait` blocks while lines are read in order. */
export class RustOwners {
  private readonly open: { name: string; end: number }[] = [];

  /** Line `l` (0-based, masked) opens a block ending on `end` (1-based): remember its owner. */
  enter(text: string, end: number): void {
    const name = implTarget(text) ?? TRAIT.exec(text)?.[1];
    if (name && end > 0) this.open.push({ name, end });
  }

  /** The owner of a declaration on line `l` (0-based), if it sits inside an impl or trait. */
  ownerAt(l: number): string | undefined {
    while (this.open.length > 0 && (this.open.at(-1) as { end: number }).end <= l) this.open.pop();
    return this.open.at(-1)?.name;
  }
}
