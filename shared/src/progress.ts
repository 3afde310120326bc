/**
 * A reader's progress through a course (convex/progress.ts stores it, the web reader shows
 * it): the keys that name a tutorial's steps, and the bounds of what is stored.
 *
 * A step is one GFM task-list item (`- [ ] step`) of a lesson. Its key is its position in the
 * lesson and a short hash of its text, so the key stays the same on every render of the same
 * course, and a step whose text or place differs (another course, a regenerated one) is not
 * mistaken for a ticked one.
 */

/** Steps stored per lesson at most (a tutorial has a few dozen at most; the rest is refused). */
export const MAX_STEP_KEYS = 500;

/** `<index>-<8 hex digits>`: the index is below MAX_STEP_KEYS, hence at most 3 digits. */
export const STEP_KEY_PATTERN = /^\d{1,3}-[0-9a-f]{8}$/;

/** Characters of an item's text that the hash reads (the rest cannot change the key). */
const HASHED_CHARS = 2_000;

/** FNV-1a, 32 bits, as 8 hex digits: short, stable, no dependency (not a security hash). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The key of the `index`-th step (0-based) of a lesson, whose text is `text`. */
export function stepKey(index: number, text: string): string {
  const normalized = text.replace(/\s+/g, " ").trim().slice(0, HASHED_CHARS);
  return `${index}-${fnv1a(normalized)}`;
}
