/**
 * The user's journey in Chromium against the local stack: sign in → add a repository by
 * its loopback git URL → request a course → progress updates live → read the course
 * (sidebar, previous/next, a Mermaid diagram drawn as SVG) → request a second course and
 * cancel it. Screenshots of each page go to test-artifacts/web-e2e/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, signIn } from "./support/browser.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const urls: { repository?: string; job?: string; course?: string } = {};

beforeAll(async () => {
  stack = await startStack({ log: (l) => process.stdout.write(`${l}\n`) });
  stack.git.createRepo("shop", layeredRepo());
  browser = await launchChromium();
  context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The text of the job's step line, as on screen. */
const stepText = (p: Page) => p.locator(".job-step").textContent();
const _jobStatus = (p: Page) => p.locator(".job-status").getAttribute("data-status");

describe("web journey", () => {
  it("signs in locally from the landing page", async () => {
    await page.goto(stack.webUrl);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await screenshot(page, "01-landing");
    await page.getByRole("link", { name: "Sign in (local mode)" }).click();
    await page.waitForURL(`${stack.webUrl}/sign-in`);
    await page.getByLabel("Name").waitFor();
    await screenshot(page, "02-sign-in");
    await signIn(page, stack.webUrl, "alice");
    await page.getByText("No repositories yet", { exact: false }).waitFor();
    await screenshot(page, "03-dashboard-empty");
  });

  it("adds a repository by its loopback git URL", async () => {
    await page.getByLabel("Git URL").fill(stack.git.url("shop"));
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.waitForURL(/\/repositories\/[^/]+$/);
    urls.repository = page.url();
    await page.getByRole("heading", { level: 1, name: "shop" }).waitFor();
    await page.getByRole("button", { name: "Request the course" }).waitFor();
    await screenshot(page, "04-repository");
  });

  it("requests a course and watches its progress update live, without a reload", async () => {
    await page.getByRole("button", { name: "Request the course" }).click();
    await page.waitForURL(/\/jobs\/[^/]+$/);
    urls.job = page.url();
    await page.getByRole("heading", { level: 1, name: "Course in progress" }).waitFor();
    // The worker has cloned the repository and started the CLI, which waits at its gate.
    await page.locator('.job-status[data-status="analyzing"]').waitFor();
    const before = await stepText(page);
    await screenshot(page, "05-job-running");

    // Record every text the step line shows from now on, and mark this document: a reload
    // or a full navigation would lose the mark.
    await page.evaluate(() => {
      const w = window as unknown as { __e2eMark: string; __e2eSteps: string[] };
      w.__e2eMark = "same-document";
      w.__e2eSteps = [];
      const line = document.querySelector(".job-step");
      if (!line) throw new Error("no .job-step on the job page");
      new MutationObserver(() => {
        const text = line.textContent ?? "";
        if (w.__e2eSteps.at(-1) !== text) w.__e2eSteps.push(text);
      }).observe(line, { childList: true, subtree: true, characterData: true });
    });
    stack.cli.open();

    await page.locator('.job-status[data-status="succeeded"]').waitFor();
    const after = await stepText(page);
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __e2eMark?: string; __e2eSteps: string[] };
      return { mark: w.__e2eMark, steps: w.__e2eSteps };
    });
    expect(seen.mark).toBe("same-document");
    expect(after).not.toBe(before);
    expect(seen.steps.length).toBeGreaterThan(0);
    expect(seen.steps.some((s) => /^Step [1-6] of 6/.test(s))).toBe(true);
    await expect(page.locator(".progress-percent").textContent()).resolves.toBe("100%");
    // The event log streamed the worker's and the CLI's events.
    await expect(page.locator(".event-log .event-row").count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "06-job-done");
  });

  it("opens the course and moves between chapters; Mermaid draws an SVG", async () => {
    await page.getByRole("link", { name: "Read the course" }).click();
    await page.waitForURL(/\/courses\/[^/]+\/[^/]+$/);
    urls.course = page.url();
    const contents = page.getByRole("navigation", { name: "Contents" });
    await contents.waitFor();
    const chapterLinks = contents.locator("ol").first().getByRole("link");
    await expect(chapterLinks.count()).resolves.toBe(12);
    const current = contents.locator('[aria-current="page"]');
    await expect(current.textContent()).resolves.toMatch(/^1\./);
    const title = page.locator("#lesson-title");
    const firstTitle = await title.textContent();

    const diagram = page.locator('figure.mermaid-diagram[data-state="drawn"] svg').first();
    await diagram.waitFor();
    const svg = await diagram.evaluate((el) => ({
      id: el.id,
      role: el.getAttribute("aria-roledescription"),
      nodes: el.querySelectorAll(".node").length,
    }));
    expect(svg.id).toMatch(/^mermaid-/);
    expect(svg.role).toBeTruthy();
    expect(svg.nodes).toBeGreaterThan(0);
    await expect(page.locator('figure.mermaid-diagram[data-state="failed"]').count()).resolves.toBe(
      0,
    );
    await screenshot(page, "07-course");

    await page.evaluate(() => {
      (window as unknown as { __e2eMark: string }).__e2eMark = "reader";
    });
    // Next, then previous.
    await page.locator("a.pager-next").click();
    await expect.poll(() => current.textContent()).toMatch(/^2\./);
    const secondTitle = await title.textContent();
    expect(secondTitle).not.toBe(firstTitle);
    expect(page.url()).not.toBe(urls.course);
    await page.locator("a.pager-prev").click();
    await expect.poll(() => current.textContent()).toMatch(/^1\./);
    await expect.poll(() => title.textContent()).toBe(firstTitle);
    // The sidebar, to a chapter further on.
    const fifth = chapterLinks.nth(4);
    const fifthName = ((await fifth.textContent()) ?? "").replace(/^5\.\s*/, "");
    await fifth.click();
    await expect.poll(() => title.textContent()).toBe(fifthName);
    await expect(current.textContent()).resolves.toMatch(/^5\./);
    await page.locator('figure.mermaid-diagram[data-state="drawn"] svg').first().waitFor();
    await expect(
      page.evaluate(() => (window as unknown as { __e2eMark?: string }).__e2eMark),
    ).resolves.toBe("reader");
    await screenshot(page, "08-course-chapter-5");
  });

  it("requests a second course and cancels it", async () => {
    stack.cli.close();
    if (!urls.repository) throw new Error("the repository step did not run");
    await page.goto(urls.repository);
    // In French: the same options at the same commit would end at once, already up to date.
    await page.getByLabel("Course language").selectOption("fr");
    await page.getByRole("button", { name: "Request the course" }).click();
    await page.waitForURL(/\/jobs\/[^/]+$/);
    expect(page.url()).not.toBe(urls.job);
    // Held at the CLI's gate: the job stays active until canceled.
    await page.locator('.job-status[data-status="analyzing"]').waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.locator('.job-status[data-status="canceled"]').waitFor();
    await expect(page.getByRole("button", { name: "Cancel" }).count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Try again" }).waitFor();
    await screenshot(page, "09-job-canceled");
  });

  it("the dashboard lists the repository with its course", async () => {
    await page.getByRole("link", { name: "Repositories" }).click();
    await page.waitForURL(`${stack.webUrl}/dashboard`);
    const card = page.locator(".repo-card").filter({ hasText: "shop" });
    await card.getByRole("link", { name: "Read the course" }).waitFor();
    await expect(page.locator(".repo-card").count()).resolves.toBe(1);
    await screenshot(page, "10-dashboard");
  });
});
