/**
 * Search in Chromium against the local stack. Two courses carry a planted section (the CLI
 * appends it to each course's last lesson); the reader's search box finds a phrase of it and
 * opens that lesson at the section's heading; /search finds it in both courses and opens
 * the chosen one; a signed-out visitor of a shared course searches it through the link,
 * the key kept on the lesson opened. axe on the box's results and on /search, light and
 * dark, desktop and 390 px.
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

const HEADING = "Where the zebra sleeps";
const HEADING_ID = "section-where-the-zebra-sleeps";
const PHRASE = "quartz zebra";
const PLANTED = `## ${HEADING}\n\nThe ${PHRASE} naps beside the gearbox every afternoon.\n`;

let stack: Stack;
let browser: Browser;
let page: Page;
const courses: { url: string; lastTitle: string; lastSlug: string }[] = [];

beforeAll(async () => {
  stack = await startStack({ appendToLastLesson: PLANTED });
  stack.git.createRepo("alpha-shop", layeredRepo(2));
  stack.git.createRepo("beta-shop", layeredRepo(3));
  browser = await launchChromium();
  page = await desktopPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const box = (p: Page) => p.getByRole("combobox", { name: "Search this course" });

/** The planted heading (at the lesson's end) is on screen: the page scrolled down to it. */
async function waitHeadingInView(p: Page) {
  const heading = p.locator(`#${HEADING_ID}`);
  await heading.waitFor();
  await p.waitForFunction((id) => {
    const el = document.getElementById(id);
    if (!el) return false;
    const { top, bottom } = el.getBoundingClientRect();
    return window.scrollY > 0 && top >= 0 && bottom <= window.innerHeight;
  }, HEADING_ID);
}

/** Types the phrase in the reader's box, waits for a hit of the planted section, opens it. */
async function searchInCourse(p: Page) {
  await box(p).fill(PHRASE);
  const option = p.getByRole("option").filter({ hasText: HEADING });
  await option.waitFor();
  await expect(option.locator("mark").first().textContent()).resolves.toMatch(/quartz|zebra/i);
  await box(p).press("Enter");
}

describe("search", () => {
  it("publishes two courses with the planted section", async () => {
    await signIn(page, stack.webUrl, "searcher");
    for (const name of ["alpha-shop", "beta-shop"]) {
      await page.goto(`${stack.webUrl}/dashboard`);
      await addRepository(page, stack.git.url(name));
      await requestCourse(page);
      const url = await finishAndOpenCourse(page, stack);
      const last = page.getByRole("navigation", { name: "Contents" }).getByRole("link").last();
      const href = (await last.getAttribute("href")) ?? "";
      courses.push({
        url,
        // The link's own text, without its number and progress mark.
        lastTitle: await last.evaluate((a) => {
          const copy = a.cloneNode(true) as HTMLElement;
          for (const el of copy.querySelectorAll(".lesson-number, .lesson-mark")) el.remove();
          return (copy.textContent ?? "").trim();
        }),
        lastSlug: decodeURIComponent(href.split("/").at(-1) ?? ""),
      });
    }
    expect(courses).toHaveLength(2);
  });

  it("the reader's box finds the phrase and opens the lesson at its heading", async () => {
    const [one] = courses;
    if (!one) throw new Error("the courses were not published");
    await page.goto(one.url);
    await page.locator("#lesson-title").waitFor();
    await page.keyboard.press("/");
    await expect(box(page).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await box(page).fill(PHRASE);
    await page.getByRole("option").filter({ hasText: HEADING }).waitFor();
    await screenshot(page, "search-course-box");
    for (const [size, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["mobile", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const found = await seriousViolations(page, [".course-search"]);
        expect({ size, colorScheme, found }).toEqual({ size, colorScheme, found: [] });
        await screenshot(page, `search-course-box-${size}-${colorScheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });

    await box(page).press("Enter");
    await page.waitForURL((u) => u.hash === `#${HEADING_ID}`);
    expect(decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "")).toBe(
      one.lastSlug,
    );
    await page.locator("#lesson-title").filter({ hasText: one.lastTitle }).waitFor();
    await waitHeadingInView(page);
    await screenshot(page, "search-course-opened");
  });

  it("/search finds the phrase in both courses and opens the one chosen", async () => {
    await page.goto(`${stack.webUrl}/dashboard`);
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Search" })
      .click();
    await page.waitForURL((u) => u.pathname === "/search");
    await page.getByLabel("Words to find in your courses").fill(PHRASE);
    await page.getByRole("status").filter({ hasText: "Matching sections: 2" }).waitFor();
    const hits = page.locator(".search-hit");
    await expect(hits.filter({ hasText: "alpha-shop" }).count()).resolves.toBe(1);
    await expect(hits.filter({ hasText: "beta-shop" }).count()).resolves.toBe(1);
    expect(new URL(page.url()).searchParams.get("q")).toBe(PHRASE);
    for (const [size, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["mobile", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const found = await seriousViolations(page);
        expect({ size, colorScheme, found }).toEqual({ size, colorScheme, found: [] });
        await screenshot(page, `search-page-${size}-${colorScheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });

    const two = courses[1];
    if (!two) throw new Error("the courses were not published");
    await hits.filter({ hasText: "beta-shop" }).getByRole("link").click();
    await page.waitForURL((u) => u.hash === `#${HEADING_ID}`);
    expect(new URL(page.url()).pathname.split("/")[2]).toBe(
      new URL(two.url).pathname.split("/")[2],
    );
    await page.locator("#lesson-title").filter({ hasText: two.lastTitle }).waitFor();
    await waitHeadingInView(page);
  });

  it("a signed-out visitor searches a shared course through its link", async () => {
    const [one] = courses;
    if (!one) throw new Error("the courses were not published");
    await page.goto(one.url);
    const panel = page.getByRole("region", { name: "Sharing" });
    await panel.getByRole("button", { name: "Share by link" }).click();
    const shareUrl = await panel.getByLabel("Link to this course").inputValue();
    const key = new URL(shareUrl).searchParams.get("share");

    const visitor = await (await browser.newContext({ locale: "en-US" })).newPage();
    await visitor.goto(shareUrl);
    await visitor.locator("#lesson-title").waitFor();
    await searchInCourse(visitor);
    await visitor.waitForURL((u) => u.hash === `#${HEADING_ID}`);
    expect(new URL(visitor.url()).searchParams.get("share")).toBe(key);
    await visitor.locator("#lesson-title").filter({ hasText: one.lastTitle }).waitFor();
    await waitHeadingInView(visitor);
    await screenshot(visitor, "search-shared-visitor");
    await visitor.context().close();
  });
});
