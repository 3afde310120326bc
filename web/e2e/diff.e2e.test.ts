/**
 * The lesson diff in Chromium against the local stack: two versions of a course (the
 * repository gets a commit between them that changes one file of one module; the second
 * version is asked with the repository page's Refresh button), then from the
 * newer course's lesson the owner opens "Compare this lesson with another version": the
 * lines of that module's lesson that changed are marked removed (the old text) and added
 * (the new), by sign and word as well as colour, the older version on the left either way.
 * axe on the diff page, light and dark, desktop and 390 px.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  desktopPage,
  launchChromium,
  screenshot,
  seriousViolations,
  signIn,
} from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

const OLD_DOC = "The logging layer, part b.";
const NEW_DOC = "Batches log lines before writing them.";
const OLD_BODY = "return configA(x) * 2 + 1;";
const NEW_BODY = "return configA(x) * 3 + 1;";

let stack: Stack;
let browser: Browser;
let page: Page;
let repoUrl = "";
const versions: { courseId: string }[] = [];

beforeAll(async () => {
  stack = await startStack({ cliOpen: true });
  stack.git.createRepo("diff-shop", layeredRepo(2));
  browser = await launchChromium();
  page = await desktopPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const courseIdOf = (url: string) => new URL(url).pathname.split("/")[2] ?? "";

/** From a job page: waits for its course and keeps its id. */
async function publishVersion() {
  const url = await finishAndOpenCourse(page, stack);
  versions.push({ courseId: courseIdOf(url) });
}

/** The rows of the diff table of one kind, as their text cells. */
const rowTexts = (p: Page, kind: "added" | "removed") =>
  p.locator(`.diff-row[data-kind="${kind}"] .diff-text`).allTextContents();

describe("the diff between two versions of a lesson", () => {
  it("publishes two versions of a course, one file changed between them", async () => {
    await signIn(page, stack.webUrl, "differ");
    repoUrl = await addRepository(page, stack.git.url("diff-shop"));
    // Nothing to refresh before the first course.
    await expect(page.getByRole("button", { name: "Refresh the course" }).count()).resolves.toBe(0);
    await requestCourse(page);
    await publishVersion();
    const next = layeredRepo(2)
      ["logging/b.ts"]?.replace(OLD_DOC, NEW_DOC)
      .replace(OLD_BODY, NEW_BODY);
    if (!next) throw new Error("the fixture has no logging/b.ts");
    stack.git.commitFiles("diff-shop", { "logging/b.ts": next }, "logging: batch lines");
    // The second version is a refresh, asked from the repository page.
    await page.goto(repoUrl);
    const refresh = page.getByRole("button", { name: "Refresh the course" });
    await refresh.waitFor();
    await screenshot(page, "diff-repository-refresh");
    expect(await seriousViolations(page)).toEqual([]);
    await refresh.click();
    await page.waitForURL((u) => /\/jobs\/[^/]+$/.test(u.pathname));
    await page.locator("h1.job-title").waitFor();
    await publishVersion();
    expect(versions).toHaveLength(2);
    expect(versions[0]?.courseId).not.toBe(versions[1]?.courseId);
  });

  it("from the newer lesson, shows the changed lines of that lesson", async () => {
    const [older, newer] = versions;
    if (!older || !newer) throw new Error("the versions were not published");
    await page.goto(`${stack.webUrl}/courses/${newer.courseId}/logging`);
    await page.locator("#lesson-title").filter({ hasText: "Logging" }).waitFor();
    await page.getByText("Course history", { exact: true }).click();
    await page.getByRole("link", { name: "Compare this lesson with another version" }).click();
    await page.waitForURL((u) => u.pathname === `/courses/${newer.courseId}/~diff/logging`);
    await page.getByRole("heading", { level: 1, name: /Changes to “Logging/ }).waitFor();
    await page.locator(".diff-table").waitFor();

    const removed = await rowTexts(page, "removed");
    const added = await rowTexts(page, "added");
    expect(removed.some((t) => t.includes(OLD_DOC))).toBe(true);
    expect(removed.some((t) => t.includes(OLD_BODY))).toBe(true);
    expect(added.some((t) => t.includes(NEW_DOC))).toBe(true);
    expect(added.some((t) => t.includes(NEW_BODY))).toBe(true);
    // Only what the commit touched: the other parts' lines are not in the diff as changes.
    expect([...removed, ...added].some((t) => t.includes("part a."))).toBe(false);
    // Marked by sign and by a word for screen readers, not by colour alone.
    const firstRemoved = page.locator('.diff-row[data-kind="removed"]').first();
    await expect(firstRemoved.locator(".diff-sign").textContent()).resolves.toBe("−Removed");
    const firstAdded = page.locator('.diff-row[data-kind="added"]').first();
    await expect(firstAdded.locator(".diff-sign").textContent()).resolves.toBe("+Added");
    await expect(page.locator(".diff-counts").textContent()).resolves.toBe(
      `Lines added: ${added.length} · lines removed: ${removed.length}`,
    );
    // The version compared with is the older course, by default.
    await expect(page.getByLabel("Compare with").inputValue()).resolves.toBe(older.courseId);
    await page.getByText(/^Newer: .* \(this version\)$/).waitFor();
    await screenshot(page, "diff-lesson");

    for (const [size, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["mobile", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        // The page is never wider than the screen: the table scrolls in its own box.
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(viewport.width);
        const found = await seriousViolations(page);
        expect({ size, colorScheme, found }).toEqual({ size, colorScheme, found: [] });
        await screenshot(page, `diff-lesson-${size}-${colorScheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("opened from the older course, the older version is still on the left", async () => {
    const [older, newer] = versions;
    if (!older || !newer) throw new Error("the versions were not published");
    await page.goto(`${stack.webUrl}/courses/${older.courseId}/~diff/logging`);
    await page.locator(".diff-table").waitFor();
    await expect(page.getByLabel("Compare with").inputValue()).resolves.toBe(newer.courseId);
    await page.getByText(/^Older: .* \(this version\)$/).waitFor();
    expect((await rowTexts(page, "removed")).some((t) => t.includes(OLD_BODY))).toBe(true);
    expect((await rowTexts(page, "added")).some((t) => t.includes(NEW_BODY))).toBe(true);
  });
});
