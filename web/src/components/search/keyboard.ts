/**
 * Keyboard moves in a list of search results (a combobox's listbox): Down/Up move the active
 * result and wrap around, Home/End jump. Pure, so it is tested without a browser.
 * `-1` means no active result (the caret stays in the input).
 */
export function nextActive(active: number, count: number, key: string): number {
  if (count === 0) return -1;
  switch (key) {
    case "ArrowDown":
      return active + 1 >= count ? 0 : active + 1;
    case "ArrowUp":
      return active <= 0 ? count - 1 : active - 1;
    default:
      return Math.min(active, count - 1);
  }
}

/** Whether a key press belongs to a text field (so "/" types a slash there). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
