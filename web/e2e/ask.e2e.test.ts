/**
 * Asking a course in Chromium against the local stack: a signed-in owner asks from a lesson
 * page, and the question's answer, written through the worker API with the worker secret (as
 * the question worker would: claim, batches, finish), appears in the page as it grows — the
 * first batch while "Writing…" is shown, then the whole answer with its citation linking to
 * the source viewer; a follow-up joins the thread; with it waiting, one more is refused by the
 * open-questions limit, said under the box; axe finds no serious violation.
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerSources, askQuestion, FOLLOW_UP_LABEL, openOwnCourse } from "./support/ask.ts";
import { desktopPage, launchChromium, screenshot, seriousViolations } from "./support/browser.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

// biome-ignore lint/suspicious/noExplicitAny: the worker API's shapes are checked by Convex.
type Any = any;
const claimable = makeFunctionReference<"query", Any, Any>("questionWorker:claimableQuestions");
const claim = makeFunctionReference<"mutation", Any, Any>("questionWorker:claimQuestion");
const append = makeFunctionReference<"mutation", Any, Any>("questionWorker:appendAnswer");
const finish = makeFunctionReference<"mutation", Any, Any>("questionWorker:finishQuestion");

const FILES = layeredRepo(2);
let stack: Stack;
let browser: Browser;
let page: Page;
let worker: ConvexHttpClient;

beforeAll(async () => {
  // The test answers as the worker, batch by batch, to see each state in the page; the
  // worker's own answering is tested in worker/test/questionsE2e.test.ts.
  // One question waiting at a time: the third one asked below is refused.
  stack = await startStack({
    questionSlots: 0,
    convexEnv: { FONDATION_MAX_OPEN_QUESTIONS_PER_USER: "1" },
  });
  worker = new ConvexHttpClient(stack.convexUrl);
  browser = await launchChromium();
  page = await desktopPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The queued question, claimed as the worker would (waits for the row, not for a time). */
async function claimNext(secret: string) {
  for (;;) {
    const [row] = (await worker.query(claimable, { secret })) as { questionId: string }[];
    if (row) {
      const lease = await worker.mutation(claim, {
        secret,
        questionId: row.questionId,
        workerId: "e2e-simulated-worker",
      });
      if (lease && !lease.notDue) return lease as { questionId: string; attempt: number };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("Ask", () => {
  it("a question asked on a lesson page gets its cited answer streamed in", async () => {
    await openOwnCourse(page, stack, { user: "asker", repo: "asked", files: FILES });
    const path = Object.keys(FILES).find((p) => p.endsWith(".ts")) ?? "";
    expect(path).not.toBe("");

    const asked = await askQuestion(page, "Where does the first module start?");
    await page.getByText("Waiting for its turn…").waitFor();

    const secret = stack.workerSecret;
    const lease = await claimNext(secret);
    const fence = {
      secret,
      questionId: lease.questionId,
      attempt: lease.attempt,
      workerId: "e2e-simulated-worker",
    };
    const first = "It starts in ";
    await worker.mutation(append, { ...fence, at: 0, text: first });
    const live = page.locator(".ask-answer[aria-live='polite']").first();
    await page.getByText("Writing…").waitFor();
    await expect.poll(() => live.textContent()).toContain("It starts in");

    const rest = `\`${path}:1-2\`, at its first line.`;
    await worker.mutation(append, { ...fence, at: first.length, text: rest });
    const done = await worker.mutation(finish, {
      ...fence,
      citations: [{ path, start: 1, end: 2 }],
      writtenBy: "model",
    });
    expect(done).toEqual({ ok: true });
    await page.getByText("Writing…").waitFor({ state: "detached" });
    await expect.poll(() => live.textContent()).toContain("at its first line.");

    const cited = answerSources(asked).filter({ hasText: `${path}:1-2` });
    const href = await cited.getAttribute("href");
    expect(href).toMatch(
      new RegExp(`^/courses/[^/]+/~source/${path.replace(/[.]/g, "\\.")}\\?lines=1-2&from=`),
    );
    await screenshot(page, "ask-answered");
    expect(await seriousViolations(page, [".ask-panel"])).toEqual([]);

    // A follow-up lands in the same thread, queued below the first answer.
    await askQuestion(page, "And the second one?", { followUp: true });
    await expect.poll(() => page.locator(".ask-item").count()).toBe(2);

    // With that one waiting, another is refused next to the box, saying why and what to do;
    // the question stays in the box to ask again.
    const box = page.getByRole("textbox", { name: FOLLOW_UP_LABEL });
    await box.fill("And the third?");
    await box.press("Enter");
    const refusal = page.locator(".ask-form [role=alert]");
    await expect
      .poll(() => refusal.textContent())
      .toBe(
        "Questions waiting for their answer: 1 of 1, the most allowed at once. Wait for an answer, or cancel a question, then ask again.",
      );
    expect(await box.inputValue()).toBe("And the third?");
    expect(await page.locator(".ask-item").count()).toBe(2);

    // The cited link opens the source viewer (client-side, the share of the page kept).
    await cited.click();
    await page.waitForURL(/\/~source\//);
  }, 300_000);
});
