/**
 * The source viewer in Chromium against the local stack, for a repository that is not on
 * GitHub (served by the local git server, cloned by the worker with ALLOW_LOCAL_GIT=1): a
 * citation of a lesson — in its "Sources cited" list and inline in its text — opens the
 * cited file as published with the course, at the course's commit, the cited lines marked
 * and on screen, with a way back to the lesson; a file the course did not publish says so;
 * axe finds no serious violation on the viewer, light and dark, desktop and 390 px (the
 * long line scrolls inside the code box, which takes the keyboard focus).
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

const LONG_LINE = `// ${"a long comment that does not fit on a phone ".repeat(6).trim()}`;
const FILES = layeredRepo(2);
for (const path of Object.keys(FILES)) {
  if (path.endsWith(".ts")) FILES[path] = `${FILES[path]}${LONG_LINE}\n`;
}

let stack: Stack;
let browser: Browser;
let page: Page;
let lessonUrl = "";

beforeAll(async () => {
  stack = await startStack();
  stack.git.createRepo("sources", FILES);
  browser = await launchChromium();
  page = await desktopPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The viewer as shown: the path, the cited line numbers, their text, whether they are on screen. */
async function viewerOnScreen(p: Page) {
  await p.locator(".source-line[data-cited]").first().waitFor();
  return p.evaluate(() => {
    const cited = [...document.querySelectorAll<HTMLElement>(".source-line[data-cited]")];
    const first = cited[0]?.getBoundingClientRect();
    return {
      path: document.querySelector("#source-title")?.textContent ?? "",
      lines: cited.map((l) => Number(l.id.slice(1))),
      text: cited.map((l) => l.textContent?.replace(/^\d+/, "") ?? ""),
      onScreen: first ? first.top >= 0 && first.bottom <= window.innerHeight : false,
      meta: document.querySelector(".source-meta")?.textContent ?? "",
    };
  });
}

function expectCitedLines(shown: Awaited<ReturnType<typeof viewerOnScreen>>, url: string) {
  const range = new URL(url).searchParams.get("lines") ?? "";
  const [start, end = start] = range.split("-").map(Number) as [number, number?];
  const expected = Array.from({ length: end - start + 1 }, (_, i) => start + i);
  expect(shown.lines).toEqual(expected);
  // The text is the repository's file at those lines, as cloned.
  const file = FILES[shown.path]?.split("\n") ?? [];
  expect(shown.text).toEqual(expected.map((n) => file[n - 1]));
  expect(shown.onScreen).toBe(true);
}

describe("source viewer", () => {
  it("a cited range in the lesson's sources opens the file at those lines, and back", async () => {
    await signIn(page, stack.webUrl, "sources");
    await addRepository(page, stack.git.url("sources"));
    await requestCourse(page);
    await finishAndOpenCourse(page, stack);
    // A chapter about a module folder cites its files.
    const contents = page.getByRole("navigation", { name: "Contents" }).getByRole("link");
    await contents.nth(1).click();
    await page.locator("#lesson-title").waitFor();
    const sources = page.getByRole("complementary", { name: "Sources cited" });
    const first = sources.getByRole("link").first();
    const label = (await first.textContent()) ?? "";
    expect(label).toMatch(/^[\w/.-]+\.ts:\d+(-\d+)?$/);
    // A local repository: no GitHub link beside it.
    await expect(sources.getByRole("link", { name: /on GitHub/ }).count()).resolves.toBe(0);
    await first.click();
    await page.waitForURL(/\/~source\//);
    const shown = await viewerOnScreen(page);
    expect(shown.path).toBe(label.replace(/:.*$/, ""));
    expectCitedLines(shown, page.url());
    expect(shown.meta).toMatch(/At commit [0-9a-f]{7}/);
    expect(shown.meta).not.toContain("GitHub");
    await screenshot(page, "sources-viewer");

    // Back to the lesson the citation is in.
    const from = new URL(page.url()).searchParams.get("from") ?? "";
    expect(from).not.toBe("");
    await page.getByRole("link", { name: "Back to the lesson" }).click();
    await page.waitForURL((u) => u.pathname.endsWith(`/${encodeURIComponent(from)}`));
    await page.locator("#lesson-title").waitFor();
    lessonUrl = page.url();
  });

  it("an inline citation in the lesson's text opens the viewer too", async () => {
    const inline = page.locator(`.lesson .markdown a[href*="/~source/"]`).first();
    await inline.waitFor();
    const label = (await inline.textContent()) ?? "";
    await inline.click();
    await page.waitForURL(/\/~source\//);
    const shown = await viewerOnScreen(page);
    expect(shown.path).toBe(label.replace(/:.*$/, ""));
    expectCitedLines(shown, page.url());
  });

  it("the viewer passes axe, light and dark, desktop and 390 px; long lines scroll in the box", async () => {
    const viewerUrl = page.url();
    for (const [size, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["mobile", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.goto(viewerUrl);
      await viewerOnScreen(page);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const found = await seriousViolations(page);
        expect({ size, colorScheme, found }).toEqual({ size, colorScheme, found: [] });
        await screenshot(page, `sources-viewer-${size}-${colorScheme}`);
      }
      // The page itself never scrolls sideways; the code box does, by keyboard too.
      const widths = await page.evaluate(() => {
        const box = document.querySelector<HTMLElement>(".source-code");
        return {
          page: document.documentElement.scrollWidth,
          window: window.innerWidth,
          box: box ? box.scrollWidth - box.clientWidth : 0,
        };
      });
      expect(widths.page).toBeLessThanOrEqual(widths.window);
      if (size === "mobile") {
        expect(widths.box).toBeGreaterThan(0);
        await page.getByRole("region", { name: /^Source of / }).focus();
        await page.keyboard.press("End");
        await page.keyboard.press("ArrowRight");
        await expect
          .poll(() => page.evaluate(() => document.querySelector(".source-code")?.scrollLeft))
          .toBeGreaterThan(0);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("a file the course did not publish says so", async () => {
    const coursePath = new URL(lessonUrl).pathname.replace(/\/[^/]+$/, "");
    await page.goto(`${stack.webUrl}${coursePath}/~source/not/cited.ts?lines=1-2`);
    await page.getByText("This file was not published with the course").waitFor();
    await expect(page.locator(".source-code").count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: "Back to the course" }).count()).resolves.toBe(1);
    await screenshot(page, "sources-not-published");
  });
});
