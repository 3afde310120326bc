"use client";
/** The dashboard: the user's repositories, GitHub sync and "add by URL". */
import { api } from "@convex/_generated/api";
import { useMutation, useQuery } from "convex/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useAppConfig } from "@/components/AppConfig.tsx";
import { AddRepositoryForm } from "@/components/repos/AddRepositoryForm.tsx";
import { QuotaSummary } from "@/components/repos/QuotaSummary.tsx";
import { RepositoryList } from "@/components/repos/RepositoryList.tsx";
import { SignedInGate } from "@/components/SignedInGate.tsx";
import { SearchForm } from "@/components/search/SearchForm.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";
import { checkLocalRepository } from "@/lib/localRepositoryClient.ts";
import { syncGithubRepositories } from "../actions/syncGithub.ts";

function GithubSync() {
  const { t } = useI18n();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="sync">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const r = await syncGithubRepositories();
            setResult(
              !r.ok
                ? { ok: false, text: t("dashboard.syncFailed", { message: r.error }) }
                : r.skipped > 0
                  ? {
                      ok: false,
                      text: t("dashboard.syncedSkipped", { count: r.fetched, skipped: r.skipped }),
                    }
                  : { ok: true, text: t("dashboard.synced", { count: r.fetched }) },
            );
          })
        }
      >
        {pending ? t("dashboard.syncing") : t("dashboard.sync")}
      </button>
      {result && (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "ok" : "error"}>
          {result.text}
        </p>
      )}
    </div>
  );
}

function Dashboard() {
  const { t } = useI18n();
  const { authMode } = useAppConfig();
  const router = useRouter();
  const items = useQuery(api.repositories.list);
  const quota = useQuery(api.quota.mine);
  const add = useMutation(api.repositories.addByUrl);
  return (
    <>
      <div className="page-head">
        <h1>{t("dashboard.title")}</h1>
        {authMode === "clerk" && <GithubSync />}
      </div>
      <SearchForm />
      {quota && <QuotaSummary lines={quota.lines} />}
      <AddRepositoryForm
        allowLocalPath={authMode === "local"}
        checkLocalPath={authMode === "local" ? checkLocalRepository : undefined}
        onAdd={async (url) => {
          const { repositoryId } = await add({ url });
          router.push(`/repositories/${repositoryId}`);
        }}
      />
      {items === undefined ? (
        <p className="muted" role="status">
          {t("common.loading")}
        </p>
      ) : (
        <RepositoryList items={items} />
      )}
    </>
  );
}

export default function DashboardPage() {
  return (
    <SignedInGate>
      <Dashboard />
    </SignedInGate>
  );
}
