"use client";
/** The share key of the page's address (`?share=`), or null; null outside the app router (tests). */
import { useSearchParams } from "next/navigation";

export function useShareKey(): string | null {
  return useSearchParams()?.get("share") ?? null;
}
