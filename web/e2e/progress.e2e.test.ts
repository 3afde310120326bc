/**
 * Learning progress and "same commit, same course" in Chromium against the local stack. A
 * course is published with planted tutorial steps (what a model writes: `- [ ] step`) in its
 * last lesson; a tick survives a reload; lessons whose end was on screen are marked read in
 * the sidebar and counted; axe finds no serious violation on the tutorial (its checkboxes are
 * labelled), light and dark, desktop and 390 px; a second request at the same commit ends
 * "Already up to date" and opens the same course, with no second course in the history.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousViolations, signIn } from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

const STEP_ONE = "Run the planted step one";
const STEP_TWO = "Check the planted step two";
const STEPS = `## Try it yourself\n\n- [ ] ${STEP_ONE}\n- [ ] ${STEP_TWO} with \`npm test\`\n`;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const urls: { repository?: string; course?: string; tutorial?: string; lessons: string[] } = {
  lessons: [],
};

beforeAll(async () => {
  stack = await startStack({ appendToLastLesson: STEPS });
  stack.git.createRepo("progress", layeredRepo(3));
  browser = await launchChromium();
  context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const sidebar = (p: Page) => p.getByRole("navigation", { name: "Contents" });

async function waitChecked(p: Page, name: string, checked: boolean) {
  const box = p.getByRole("checkbox", { name });
  await box.waitFor();
  await p.waitForFunction(
    ([n, c]) =>
      [...document.querySelectorAll<HTMLInputElement>("input.step-checkbox")].some(
        (i) => i.labels?.[0]?.textContent?.trim() === n && i.checked === c && !i.disabled,
      ),
    [name, checked] as const,
  );
  return box;
}

/** Scrolls the lesson's end on screen (what counts as reading it) and waits for its mark. */
async function readToEnd(p: Page, slug: string) {
  await p.locator("#lesson-title").waitFor();
  await p.getByTestId("lesson-end").scrollIntoViewIfNeeded();
  await sidebar(p).getByTestId(`lesson-mark-${slug}`).locator(".lesson-read").waitFor();
}

describe("learning progress", () => {
  it("publishes a course whose last lesson has tutorial steps", async () => {
    await signIn(page, stack.webUrl, "learner");
    urls.repository = await addRepository(page, stack.git.url("progress"));
    await requestCourse(page);
    urls.course = await finishAndOpenCourse(page, stack);
    urls.lessons = await sidebar(page)
      .getByRole("link")
      .evaluateAll((as) => (as as HTMLAnchorElement[]).map((a) => a.href));
    expect(urls.lessons.length).toBeGreaterThan(2);
    urls.tutorial = urls.lessons.at(-1);
  });

  it("a ticked step is saved: another tab and a reload show it ticked", async () => {
    if (!urls.tutorial) throw new Error("the course step did not run");
    await page.goto(urls.tutorial);
    const one = await waitChecked(page, STEP_ONE, false);
    await waitChecked(page, `${STEP_TWO} with npm test`, false);
    await one.click();
    await waitChecked(page, STEP_ONE, true);
    // Clicking the step's text ticks it too (the text is the box's label).
    await page.getByText(STEP_TWO).click();
    await waitChecked(page, `${STEP_TWO} with npm test`, true);
    await page.getByText(STEP_TWO).click();
    await waitChecked(page, `${STEP_TWO} with npm test`, false);
    // Another tab of the same session reads it from Convex: the tick was saved.
    const other = await context.newPage();
    await other.goto(urls.tutorial);
    await waitChecked(other, STEP_ONE, true);
    await waitChecked(other, `${STEP_TWO} with npm test`, false);
    await other.close();
    await page.reload();
    await waitChecked(page, STEP_ONE, true);
    await waitChecked(page, `${STEP_TWO} with npm test`, false);
    // The lesson's own steps (the offline CLI writes some) and the two planted ones.
    const total = await page.locator("input.step-checkbox").count();
    expect(total).toBeGreaterThanOrEqual(2);
    const slug = decodeURIComponent(urls.tutorial.split("/").pop() ?? "");
    await sidebar(page).getByTestId(`lesson-mark-${slug}`).getByText(`1/${total}`).waitFor();
    await screenshot(page, "progress-tutorial");
  });

  it("lessons read to their end are marked in the sidebar and counted, after a reload too", async () => {
    const [first, second] = urls.lessons;
    if (!first || !second) throw new Error("the course step did not run");
    for (const url of [first, second]) {
      await page.goto(url);
      await readToEnd(page, decodeURIComponent(url.split("/").pop() ?? ""));
    }
    await page.reload();
    await page.locator("#lesson-title").waitFor();
    const marks = sidebar(page).locator(".lesson-read");
    await expect.poll(() => marks.count()).toBeGreaterThanOrEqual(2);
    const read = await marks.count();
    await expect
      .poll(() => page.getByTestId("progress-lessons").textContent())
      .toBe(`${read} of ${urls.lessons.length} lessons read`);
    const firstSlug = decodeURIComponent(first.split("/").pop() ?? "");
    await expect(
      sidebar(page)
        .getByRole("link", { name: /\(read\)$/ })
        .first()
        .getAttribute("href"),
    ).resolves.toContain(firstSlug);
    await expect(page.getByTestId("progress-not-saved").count()).resolves.toBe(0);
    await screenshot(page, "progress-read-marks");
  });

  it("the tutorial page passes axe (labelled checkboxes), light and dark, desktop and 390 px", async () => {
    if (!urls.tutorial) throw new Error("the course step did not run");
    const sizes = [
      ["desktop", { width: 1280, height: 900 }],
      ["mobile", { width: 390, height: 844 }],
    ] as const;
    for (const [size, viewport] of sizes) {
      await page.setViewportSize(viewport);
      await page.goto(urls.tutorial);
      await waitChecked(page, STEP_ONE, true);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        // The whole page, at 390 px too (wide code scrolls in focusable boxes, reader.e2e).
        const found = await seriousViolations(page);
        expect({ size, colorScheme, found }).toEqual({ size, colorScheme, found: [] });
        await screenshot(page, `progress-tutorial-${size}-${colorScheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe("same commit, same course", () => {
  it("a second request at the same commit ends already up to date and opens the same course", async () => {
    if (!urls.repository || !urls.course) throw new Error("the course step did not run");
    const courseId = new URL(urls.course).pathname.split("/")[2];
    await page.goto(urls.repository);
    const from = page.url();
    await page.getByRole("button", { name: "Request the course" }).click();
    await page.waitForURL((url) => /\/jobs\/[^/]+$/.test(url.pathname) && url.href !== from);
    const notice = page.getByTestId("up-to-date");
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(
      /^Already up to date — Open the course.*Commit [0-9a-f]{7} already has this course/,
    );
    await page.locator('.job-status[data-status="succeeded"]').waitFor();
    const log = page.locator(".event-log");
    await log.getByText(/Already up to date: commit [0-9a-f]{7} already has this course/).waitFor();
    // The CLI never ran: no event of it in the log.
    await expect(log.getByText(/Analysis started/).count()).resolves.toBe(0);
    await screenshot(page, "progress-job-up-to-date");

    await notice.getByRole("link", { name: "Open the course" }).click();
    await page.waitForURL(new RegExp(`/courses/${courseId}(/|$)`));
    await page.locator("#lesson-title").waitFor();

    await page.goto(urls.repository);
    await page.getByTestId("last-request-up-to-date").waitFor();
    const history = page.locator("section[aria-labelledby='history-title'] li");
    await expect.poll(() => history.count()).toBe(1);
    await expect(history.first().getByRole("link").getAttribute("href")).resolves.toBe(
      `/courses/${courseId}`,
    );
    await screenshot(page, "progress-repository-up-to-date");
  });
});
