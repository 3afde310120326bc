/**
 * What the git program's refusal to clone a file:// URL means, in one sentence: never the
 * git command line, nor the worker's own folders (the raw error holds both), never cut
 * mid-word. A path that is not (or no longer) a repository is permanent: retrying the same
 * path cannot help, so it is not retried.
 */
import { JobFailure } from "../jobFailure.ts";

const NOT_A_REPOSITORY =
  /does not appear to be a git repository|does not exist|not a git repository|Could not read from remote repository|No such file or directory/i;
const NO_SUCH_REF = /Remote branch .* not found|couldn't find remote ref/i;

/** The first `fatal:`/`error:` line of git's stderr, without control characters. */
function gitReason(stderr: string): string {
  const line =
    stderr
      .split("\n")
      .map((l) => l.trim())
      .find((l) => /^(fatal|error):/.test(l)) ?? "";
  return line
    .replace(/^(fatal|error):\s*/, "")
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/'[^']*'/g, "the repository");
}

export function localCloneFailure(
  url: string,
  stderr: string,
  ref: string | undefined,
): JobFailure {
  if (ref && NO_SUCH_REF.test(stderr)) {
    return new JobFailure(
      "invalid_options",
      `The branch or tag "${ref}" does not exist in ${url}. Pick an existing branch or leave it empty for the default branch.`,
      false,
    );
  }
  if (NOT_A_REPOSITORY.test(stderr)) {
    return new JobFailure(
      "repository_not_found",
      `No git repository at ${url} on the worker's machine: the folder is missing or is not a git repository. Check the path, or add the repository again.`,
      false,
    );
  }
  const reason = gitReason(stderr);
  return new JobFailure(
    "clone_failed",
    `git could not read ${url}${reason ? ` (${reason})` : ""}.`,
    true,
  );
}
