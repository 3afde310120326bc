/** A WorkerJobConfig for runner tests that run a Worker in the test process (short timeouts). */
import type { WorkerJobConfig } from "../../src/runner/job.ts";

export function jobConfig(
  tempDir: string,
  cliPath: string,
  overrides: Partial<WorkerJobConfig> = {},
): WorkerJobConfig {
  return {
    cliPath,
    tempDir,
    leaseMs: 5_000,
    jobTimeoutMs: 30_000,
    maxRepoBytes: 10_000_000,
    maxOutputBytes: 10_000_000,
    cloneTimeoutMs: 10_000,
    maxRepoObjects: 100_000,
    maxRepoFiles: 100_000,
    maxFileBytes: 10_000_000,
    maxPathDepth: 100,
    cloneMemoryBytes: 512 * 1024 ** 2,
    killGraceMs: 500,
    allowLocalGit: true,
    githubToken: undefined,
    githubTokenRepos: [],
    clerkSecretKey: undefined,
    clerkApiUrl: "http://127.0.0.1:1",
    anthropicApiKey: undefined,
    anthropicBaseUrl: undefined,
    ...overrides,
  };
}
