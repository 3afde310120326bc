"use client";
/** The share key of the current URL (a shared-course visitor's), or undefined. */
import { useSearchParams } from "next/navigation";
import { shareFromParams } from "@/lib/shareLink.ts";

export function useShareKey(): string | undefined {
  return shareFromParams(useSearchParams());
}
