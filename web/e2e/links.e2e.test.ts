/**
 * Every link of a published course works in the reader (Chromium against the local stack):
 * the offline CLI's own links between lessons (`../chapters/NN-slug.md`), plus planted ones
 * as a model writes them — to a section of this page, to a section of another lesson, a
 * README's relative link and a missing heading. The test visits every lesson, follows every
 * link it shows and checks it lands on a lesson of the course and, with `#x`, on an element
 * with that id; links that name nothing must be plain text.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desktopPage, launchChromium, STATE_WAIT_MS, signIn } from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

const FIRST_CHAPTER = [
  "## Planted links",
  "",
  "- [this section](#planted-links) and [by its file]({{first}}#planted-links)",
  "- [a README page](docs/guide.md), [a missing heading](#no-such-heading)",
  "",
].join("\n");
const LAST_LESSON = "## Back\n\n[The planted links]({{first}}#Planted-Links)\n";

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startStack({
    appendToFirstChapter: FIRST_CHAPTER,
    appendToLastLesson: LAST_LESSON,
  });
  stack.git.createRepo("links", layeredRepo(3));
  browser = await launchChromium();
  page = await desktopPage(browser);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** The lesson on screen: its links (as the browser resolves them) and unlinked spans. */
async function lessonOnScreen(p: Page) {
  await p.locator("#lesson-title").waitFor();
  await p.locator(".lesson .markdown").waitFor();
  return p.evaluate(() => ({
    // Headings' links to themselves and diagram nodes' links: reader.e2e.test.ts.
    links: [
      ...document.querySelectorAll<HTMLAnchorElement>(
        ".lesson .markdown a[href]:not(.heading-anchor):not(.diagram-link)",
      ),
    ].map((a) => ({ text: a.textContent ?? "", href: a.href })),
    plain: [...document.querySelectorAll(".lesson .markdown .unresolved-link")].map(
      (s) => s.textContent ?? "",
    ),
  }));
}

/** After following a link: a lesson of this course is shown and the fragment's target exists. */
async function expectLanded(p: Page, coursePath: string, slugs: Set<string>, from: string) {
  const url = new URL(p.url());
  const [, prefix, slug] = /^(\/courses\/[^/]+)\/([^/]+)$/.exec(url.pathname) ?? [];
  expect(prefix, `${from} → ${url.href}`).toBe(coursePath);
  expect(slugs.has(decodeURIComponent(slug ?? "")), `${from} → ${url.href}`).toBe(true);
  await p.locator("#lesson-title").waitFor();
  await expect(p.locator(".notice").count()).resolves.toBe(0);
  if (url.hash) {
    const id = decodeURIComponent(url.hash.slice(1));
    await expect
      .poll(() => p.evaluate((i) => document.getElementById(i) !== null, id), {
        message: `${from} → ${url.href}: no element #${id}`,
      })
      .toBe(true);
  }
}

describe("links in a published course", () => {
  it("every link of every lesson lands on a lesson of the course, at its heading", async () => {
    await signIn(page, stack.webUrl, "reader");
    await addRepository(page, stack.git.url("links"));
    await requestCourse(page);
    const first = new URL(await finishAndOpenCourse(page, stack));
    const coursePath = first.pathname.replace(/\/[^/]+$/, "");
    const lessons = await page
      .getByRole("navigation", { name: "Contents" })
      .getByRole("link")
      .evaluateAll((as) => (as as HTMLAnchorElement[]).map((a) => a.href));
    const slugs = new Set(lessons.map((h) => decodeURIComponent(h.split("/").pop() ?? "")));
    expect(slugs.size).toBeGreaterThan(3);

    const followed = new Set<string>();
    const plain: string[] = [];
    for (const lessonUrl of lessons) {
      await page.goto(lessonUrl);
      const shown = await lessonOnScreen(page);
      plain.push(...shown.plain);
      for (const link of shown.links) {
        if (!link.href.startsWith(stack.webUrl)) continue;
        // Inline citations open the source viewer (sources.e2e.test.ts follows those).
        if (new URL(link.href).pathname.includes("/~source/")) continue;
        expect(link.href, `${lessonUrl}: ${link.text}`).not.toMatch(/\.md(#|$)/);
        const key = `${lessonUrl} ${link.href}`;
        if (followed.has(key)) continue;
        followed.add(key);
        await page.goto(link.href);
        await expectLanded(page, coursePath, slugs, `${lessonUrl}: [${link.text}]`);
        await page.goto(lessonUrl);
        await lessonOnScreen(page);
      }
    }
    // The CLI's links between lessons and the three planted ones that resolve were followed.
    expect(followed.size).toBeGreaterThan(5);
    expect([...followed].some((k) => k.endsWith("#section-planted-links"))).toBe(true);
    expect(plain).toEqual(expect.arrayContaining(["a README page", "a missing heading"]));
  });

  it("a link to another lesson's section moves client-side and shows that heading", async () => {
    const lessons = await page
      .getByRole("navigation", { name: "Contents" })
      .getByRole("link")
      .evaluateAll((as) => (as as HTMLAnchorElement[]).map((a) => a.href));
    await page.goto(lessons.at(-1) as string);
    await lessonOnScreen(page);
    await page.evaluate(() => {
      (window as unknown as { __mark: string }).__mark = "same-document";
    });
    await page.getByRole("link", { name: "The planted links" }).click();
    await page.waitForURL(/#section-planted-links$/);
    const heading = page.locator("#section-planted-links");
    await heading.waitFor();
    // Scrolled to: the heading is on screen (the page is taller than the window).
    const where = () =>
      heading.evaluate((h) => {
        const box = h.getBoundingClientRect();
        return {
          seen: window.scrollY > 0 && box.top >= 0 && box.bottom <= window.innerHeight,
          scrollY: window.scrollY,
          top: box.top,
          height: document.documentElement.scrollHeight,
          hash: window.location.hash,
        };
      });
    await expect
      .poll(async () => (await where()).seen, { timeout: STATE_WAIT_MS })
      .toBe(true)
      // On failure, say where the heading and the page were.
      .catch(async () => expect(await where()).toMatchObject({ seen: true }));
    await expect(
      page.evaluate(() => (window as unknown as { __mark?: string }).__mark),
    ).resolves.toBe("same-document");
  });

  it("a lesson file path typed as a course URL says 'not found', not a validator's report", async () => {
    await page.goto(`${stack.webUrl}/courses/chapters/02-x.md`);
    // (Next.js's route announcer is an alert too: the notice is the one with text.)
    const notice = page.locator('.notice[role="alert"]');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(
      "It no longer exists, or it is not yours.",
    );
    await expect(page.getByText("validator").count()).resolves.toBe(0);
  });
});
