/** Any unknown address (and `notFound()`): the app's own page, in the reader's language. */
import type { Metadata } from "next";
import { NotFoundPage } from "@/components/errors/NotFoundContent.tsx";

export const metadata: Metadata = { title: "404" };

export default function NotFound() {
  return <NotFoundPage />;
}
