"use client";
/**
 * The source viewer's route: /courses/<id>/~source/<path>?lines=a-b[&from=<slug>][&share=<key>]
 * (the address is made by lib/sourceLinks.ts). A signed-out visitor with a share key reads
 * without an account, as in the reader; anyone else signs in first.
 */
import type { Id } from "@convex/_generated/dataModel";
import { useConvexAuth } from "convex/react";
import { useParams, useSearchParams } from "next/navigation";
import { ErrorBoundary } from "@/components/ErrorBoundary.tsx";
import { SignedInGate } from "@/components/SignedInGate.tsx";
import { SourceViewer } from "@/components/sources/SourceViewer.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";
import { shareFromParams } from "@/lib/shareLink.ts";
import { parseLines, pathFromSegments } from "@/lib/sourceLinks.ts";

function SharedGate({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  const { isLoading } = useConvexAuth();
  if (isLoading)
    return (
      <p className="muted" role="status">
        {t("common.loading")}
      </p>
    );
  return <ErrorBoundary>{children}</ErrorBoundary>;
}

export default function SourcePage() {
  const { t } = useI18n();
  const params = useParams<{ courseId: string; path: string[] }>();
  const search = useSearchParams();
  const share = shareFromParams(search) ?? null;
  const path = pathFromSegments(params.path);
  if (path === null) return <p className="notice">{t("source.badPath")}</p>;
  const viewer = (
    <SourceViewer
      courseId={params.courseId as Id<"courses">}
      path={path}
      lines={parseLines(search.get("lines"))}
      from={search.get("from")}
      share={share}
    />
  );
  return share ? <SharedGate>{viewer}</SharedGate> : <SignedInGate>{viewer}</SignedInGate>;
}
