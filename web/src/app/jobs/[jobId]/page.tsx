"use client";
/** The live job view: progress, errors, cancel/retry, and the streaming event log. */
import { api } from "@convex/_generated/api";
import type { Id } from "@convex/_generated/dataModel";
import { useMutation, usePaginatedQuery, useQuery } from "convex/react";
import { useParams, useRouter } from "next/navigation";
import { ConnectionNotice, useDisconnected } from "@/components/ConnectionNotice.tsx";
import { EVENT_PAGE_SIZE, EventLog } from "@/components/job/EventLog.tsx";
import { JobActions } from "@/components/job/JobActions.tsx";
import { JobErrorNotice } from "@/components/job/JobErrorNotice.tsx";
import { JobHeading } from "@/components/job/JobHeading.tsx";
import { JobProgress } from "@/components/job/JobProgress.tsx";
import { SignedInGate } from "@/components/SignedInGate.tsx";
import { UpToDateNotice } from "@/components/upToDate/UpToDateNotice.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";

function Job({ jobId }: { jobId: Id<"jobs"> }) {
  const { t } = useI18n();
  const router = useRouter();
  const job = useQuery(api.jobs.get, { jobId });
  const repository = useQuery(
    api.repositories.get,
    job ? { repositoryId: job.repositoryId as Id<"repositories"> } : "skip",
  );
  const events = usePaginatedQuery(
    api.jobEvents.list,
    { jobId },
    { initialNumItems: EVENT_PAGE_SIZE },
  );
  const disconnected = useDisconnected();
  const cancel = useMutation(api.jobs.cancel);
  const retry = useMutation(api.jobs.retry);
  if (job === undefined) return <p className="muted">{t("common.loading")}</p>;
  return (
    <>
      <JobHeading job={job} repositoryName={repository?.name} />
      <ConnectionNotice disconnected={disconnected} />
      <UpToDateNotice job={job} />
      <JobProgress job={job} frozen={disconnected} />
      <JobErrorNotice status={job.status} error={job.error} />
      <JobActions
        job={job}
        disconnected={disconnected}
        onCancel={() => cancel({ jobId })}
        onRetry={async () => {
          const { jobId: next } = await retry({ jobId });
          router.push(`/jobs/${next}`);
        }}
      />
      <EventLog events={events.results} status={events.status} loadMore={events.loadMore} />
    </>
  );
}

export default function JobPage() {
  const { jobId } = useParams<{ jobId: string }>();
  return (
    <SignedInGate>
      <Job jobId={jobId as Id<"jobs">} />
    </SignedInGate>
  );
}
