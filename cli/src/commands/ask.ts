/**
 * `fondation ask <course> "<question>"`: one answer on stdout. A model's answer streams as
 * it is written, then the citations that did not resolve are listed on stderr; an offline
 * answer is printed whole under its notice. With --json, one JSON object (the AskAnswer).
 */
import { askCourse, openCourse } from "../ask/index.ts";
import { usageError } from "../errors.ts";

export interface AskFlags {
  repo?: string;
  json?: boolean;
  offline?: boolean;
  model?: string;
}

export async function askCommand(
  courseFolder: string,
  question: string,
  flags: AskFlags,
  env: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<void> {
  if (question.trim() === "")
    throw usageError('The question is empty: fondation ask <course folder> "<question>".');
  const out = (text: string) => process.stdout.write(text);
  const err = (text: string) => process.stderr.write(text);
  const opened = await openCourse(courseFolder, flags.repo ? { repo: flags.repo } : {});
  let attempt = 0;
  let streamed = false;
  const answer = await askCourse(opened, question, {
    env,
    signal,
    onWarning: (w) => err(`fondation: ${w}\n`),
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.json
      ? {}
      : {
          onText: (delta: string, n: number) => {
            if (attempt !== 0 && n !== attempt)
              out("\n\n[the answer broke off; starting again]\n\n");
            attempt = n;
            streamed = true;
            out(delta);
          },
        }),
  });
  if (flags.json) {
    out(`${JSON.stringify(answer)}\n`);
    return;
  }
  if (streamed) {
    out("\n");
  } else {
    if (answer.notice) out(`> ${answer.notice}\n\n`);
    out(`${answer.markdown}\n`);
  }
  for (const w of answer.warnings) err(`fondation: ${w}\n`);
  if (answer.mode === "model") {
    for (const u of answer.unresolved)
      err(`fondation: citation ${u.citation} does not resolve (${u.reason}); it is not linked.\n`);
    err(`fondation: ${answer.citations.length} citation(s) checked against the repository.\n`);
  }
}
