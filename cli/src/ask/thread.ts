/**
 * The earlier exchanges of a question's thread, as askCourse takes them (the worker reads
 * them from Convex; the CLI and MCP pass none). Bounded here, whatever the caller gives: the
 * latest few answered exchanges, each cut, and all of them within a character budget, so a
 * follow-up's prompt stays small. The model sees them as earlier turns of the conversation;
 * the offline ranking looks for their questions' words too, at a lower weight.
 */

export interface ThreadTurn {
  question: string;
  /** The answer as it was shown (markdown); an exchange without one is skipped. */
  answer: string;
}

export const THREAD_LIMITS = {
  /** Exchanges kept, the latest ones. */
  turns: 4,
  questionChars: 2_000,
  answerChars: 3_000,
  /** Questions and answers together; the oldest exchanges go first past it. */
  totalChars: 10_000,
};

/** The exchanges askCourse uses, oldest first, within THREAD_LIMITS. */
export function boundThread(turns: readonly ThreadTurn[] | undefined): ThreadTurn[] {
  const kept: ThreadTurn[] = [];
  let chars = 0;
  for (const turn of [...(turns ?? [])].reverse()) {
    if (kept.length >= THREAD_LIMITS.turns) break;
    const question = turn.question.trim().slice(0, THREAD_LIMITS.questionChars);
    const answer = cut(turn.answer.trim(), THREAD_LIMITS.answerChars);
    if (question === "" || answer === "") continue;
    if (chars + question.length + answer.length > THREAD_LIMITS.totalChars) break;
    chars += question.length + answer.length;
    kept.unshift({ question, answer });
  }
  return kept;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max).replace(/\s\S*$/, "")} …`;
}
