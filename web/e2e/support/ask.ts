/**
 * Steps of the Ask tests (ask*.e2e.test.ts), driven through the UI: a signed-in owner with a
 * published course open on its first lesson, and a question asked from its Ask panel.
 */
import type { Locator, Page } from "playwright-core";
import { signIn } from "./browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./flows.ts";
import type { Stack } from "./stack.ts";

/** The box's label before and after a first question (en). */
export const ASK_LABEL = "Your question about the code";
export const FOLLOW_UP_LABEL = "Ask a follow-up";

/**
 * Signs `user` in, adds the repository `repo` of the stack's git server (created from
 * `files`), has its course written and opens it; returns the course's URL.
 */
export async function openOwnCourse(
  page: Page,
  stack: Stack,
  options: { user: string; repo: string; files: Record<string, string> },
): Promise<string> {
  stack.git.createRepo(options.repo, options.files);
  await signIn(page, stack.webUrl, options.user);
  await addRepository(page, stack.git.url(options.repo));
  await requestCourse(page);
  return finishAndOpenCourse(page, stack);
}

/** Asks `question` (Enter, as a reader would); returns its item in the thread once shown. */
export async function askQuestion(
  page: Page,
  question: string,
  options: { followUp?: boolean } = {},
): Promise<Locator> {
  const box = page.getByRole("textbox", { name: options.followUp ? FOLLOW_UP_LABEL : ASK_LABEL });
  await box.fill(question);
  await box.press("Enter");
  const item = page
    .locator(".ask-item")
    .filter({ has: page.locator(".ask-question", { hasText: question }) });
  await item.waitFor();
  return item;
}

/** The links of an item's "Sources of this answer". */
export function answerSources(item: Locator): Locator {
  return item.getByRole("navigation", { name: "Sources of this answer" }).getByRole("link");
}
