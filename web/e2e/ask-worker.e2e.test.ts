/**
 * Asking a course in Chromium with the stack's real worker answering (issue 16's "done when"):
 * a signed-in owner asks from a lesson page; the worker claims the question, writes the
 * course folder from Convex, answers offline (no model key: the ranked passages, labelled as
 * such) and streams the answer into the row; the page shows it as it lands, in the same document
 * and ends with citations linking to the source viewer. A follow-up joins the same thread and
 * is answered from the thread's context: its own words name nothing, the first question's do.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerSources, askQuestion, openOwnCourse } from "./support/ask.ts";
import { desktopPage, launchChromium, screenshot, seriousViolations } from "./support/browser.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // The stack's worker keeps its question slots (the default): it answers.
  stack = await startStack();
  browser = await launchChromium();
  page = await desktopPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Records, in the page, every state the first answer's live region shows, and marks the document. */
async function watchAnswers(p: Page) {
  await p.evaluate(() => {
    const w = window as unknown as { __askMark: string; __askSeen: string[] };
    w.__askMark = "same-document";
    w.__askSeen = [];
    const panel = document.querySelector(".ask-panel");
    if (!panel) throw new Error("no .ask-panel on the lesson page");
    const record = () => {
      const answer = panel.querySelector(".ask-answer");
      if (!answer) return; // Not asked yet.
      const text = answer.textContent ?? "";
      if (w.__askSeen.at(-1) !== text) w.__askSeen.push(text);
    };
    new MutationObserver(record).observe(panel, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

describe("Ask, answered by the worker", () => {
  it("streams a cited answer in, then answers a follow-up in the same thread", async () => {
    await openOwnCourse(page, stack, { user: "asker", repo: "answered", files: layeredRepo(2) });
    await watchAnswers(page);

    const first = await askQuestion(page, "Where is loggingB defined?");
    const answer = first.locator(".ask-answer");
    await first.getByText("Found in the code, not written by a model").waitFor();
    await expect.poll(() => answer.getAttribute("aria-busy")).toBe("false");
    expect(await answer.textContent()).toContain("loggingB");

    // Arrived in this document, without a reload, the answer last. Whether a waiting state is
    // drawn first depends on how fast the worker answers (an offline answer can land in the
    // same render as the question): the states of a growing answer are ask.e2e's, batch by batch.
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __askMark: string; __askSeen: string[] };
      return { mark: w.__askMark, seen: w.__askSeen };
    });
    expect(seen.mark).toBe("same-document");
    expect(seen.seen.length).toBeGreaterThan(0);
    expect(seen.seen.at(-1)).toContain("loggingB");

    const links = answerSources(first);
    await expect.poll(() => links.count()).toBeGreaterThan(0);
    const cited = links.filter({ hasText: /^logging\/b\.ts:\d+-\d+$/ }).first();
    const href = await cited.getAttribute("href");
    expect(href).toMatch(/^\/courses\/[^/]+\/~source\/logging\/b\.ts\?lines=\d+-\d+&from=/);
    await screenshot(page, "ask-worker-answered");
    expect(await seriousViolations(page, [".ask-panel"])).toEqual([]);

    // "it" names nothing in the code: the answer comes from the thread's first question.
    const followUp = await askQuestion(page, "And what does it call?", { followUp: true });
    await expect.poll(() => page.locator(".ask-panel .ask-item").count()).toBe(2);
    await expect
      .poll(() => followUp.locator(".ask-answer").getAttribute("aria-busy"))
      .toBe("false");
    // The best match is the first question's function, not a lesson that says "call".
    const best = followUp.locator(".ask-answer ol > li").first();
    expect((await best.textContent())?.trim()).toMatch(/^function loggingB/);
    const again = answerSources(followUp)
      .filter({ hasText: /^logging\/b\.ts:\d+-\d+$/ })
      .first();
    await again.waitFor();
    await screenshot(page, "ask-worker-follow-up");

    // A cited line opens the source viewer.
    await again.click();
    await page.waitForURL(/\/~source\/logging\/b\.ts\?lines=\d+-\d+/);
    await page.locator(".source-code").waitFor();
  }, 300_000);
});
