"use client";
/** /search?q=: search across the signed-in user's courses (components/search/MySearch). */
import { Suspense } from "react";
import { SignedInGate } from "@/components/SignedInGate.tsx";
import { MySearch } from "@/components/search/MySearch.tsx";

export default function SearchPage() {
  return (
    <SignedInGate>
      <Suspense>
        <MySearch />
      </Suspense>
    </SignedInGate>
  );
}
