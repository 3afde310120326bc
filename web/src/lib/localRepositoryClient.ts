/** The browser side of /api/local-repository (local mode): what is at this path? */
import type { LocalRepositoryStatus } from "./localRepository.ts";

const STATUSES: readonly LocalRepositoryStatus[] = ["ok", "missing", "not_directory", "not_git"];

export async function checkLocalRepository(path: string): Promise<LocalRepositoryStatus> {
  const response = await fetch("/api/local-repository", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ path }),
  });
  const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
  const status = body?.status as LocalRepositoryStatus | undefined;
  if (!response.ok || !status || !STATUSES.includes(status)) {
    throw new Error(`The path could not be checked (HTTP ${response.status}).`);
  }
  return status;
}
