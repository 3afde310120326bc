/**
 * The results of a search query typed by the reader: waits until typing pauses (DEBOUNCE_MS)
 * and keeps the previous results on screen while the next ones load, so the list does not
 * flash empty at each key.
 */
import { useEffect, useState } from "react";

export const DEBOUNCE_MS = 200;

/** `value`, once it has not changed for `ms`. */
export function useDebounced<T>(value: T, ms = DEBOUNCE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The latest loaded results (`[]` for an empty query) and whether newer ones are loading. */
export function useKeptResults<T>(query: string, loaded: T[] | undefined) {
  const [kept, setKept] = useState<T[]>([]);
  useEffect(() => {
    if (query === "") setKept([]);
    else if (loaded !== undefined) setKept(loaded);
  }, [query, loaded]);
  return {
    results: query === "" ? [] : (loaded ?? kept),
    loading: query !== "" && loaded === undefined,
  };
}
