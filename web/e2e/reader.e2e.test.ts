/**
 * The course reader in Chromium against the local stack: a course whose first chapter has
 * planted wide content (a table of many columns, a code line far wider than a phone, an
 * excerpt cited `config/a.ts:2-3`). The page's title names the lesson and the course; code
 * blocks number their lines from the cited line and copy the code (not the numbers); wide
 * tables and code scroll inside their own focusable box, so a 390 px page is never wider
 * than the screen; headings link to themselves and the in-page contents moves to them; on a
 * phone the side column is a keyboard-operable drawer and the title is on the first screen;
 * a diagram opens full screen and zooms, and its nodes naming a chapter link to it; axe
 * finds no serious violation, light and dark (diagrams redrawn in the theme), desktop and
 * 390 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousViolations, signIn } from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

const WIDE_LINE = `export const wide = [${Array.from({ length: 40 }, (_, i) => `"column-${i}"`).join(", ")}];`;
const PLANTED_CODE = `${WIDE_LINE}\nexport const next = 1;`;
const COLUMNS = Array.from({ length: 14 }, (_, i) => `Column ${i + 1}`);
const CELL = (c: string) => `${c.replace(" ", "_")}_value_long_enough_not_to_wrap`;
const PLANTED = [
  "",
  "## Planted reader checks",
  "",
  `| ${COLUMNS.join(" | ")} |`,
  `| ${COLUMNS.map(() => "---").join(" | ")} |`,
  `| ${COLUMNS.map(CELL).join(" | ")} |`,
  "",
  "`config/a.ts:2-3`",
  "",
  "```ts",
  PLANTED_CODE,
  "```",
  "",
].join("\n");

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let lessonUrl = "";
let lessonUrls: string[] = [];

beforeAll(async () => {
  stack = await startStack({ appendToFirstChapter: PLANTED });
  stack.git.createRepo("reader", layeredRepo(3));
  browser = await launchChromium();
  context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: stack.webUrl,
  });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const planted = (p: Page) =>
  p.locator(".code-block", { has: p.getByText("export const next = 1;") });

/** The page is never wider than its viewport: wide things scroll in their own boxes. */
async function pageOverflow(p: Page): Promise<number> {
  return p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Diagram labels whose text colour has a contrast under 4.5:1 with the background they sit
 * on: the nearest shape of the same node (rect, polygon…) or the page.
 */
async function lowContrastLabels(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const rgb = (c: string) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c);
      return m && (m[4] === undefined || Number(m[4]) > 0.5)
        ? [Number(m[1]), Number(m[2]), Number(m[3])]
        : null;
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
    };
    const ratio = (a: number[], b: number[]) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
    };
    const page = rgb(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255];
    const out: string[] = [];
    for (const text of document.querySelectorAll(".mermaid-svg svg text")) {
      const label = (text.textContent ?? "").trim();
      if (!label) continue;
      // The colour is the innermost tspan's when there is one (Mermaid styles those).
      const tspans = [...text.querySelectorAll("tspan")].filter((t) => !t.querySelector("tspan"));
      const fg = rgb(getComputedStyle(tspans[0] ?? text).fill);
      if (!fg) continue;
      const group = text.closest("g.node, g.edgeLabel, g.cluster, g.actor, g");
      const shape = group?.querySelector("rect, polygon, circle, ellipse, path.basic");
      const under = (shape && rgb(getComputedStyle(shape).fill)) || page;
      const r = ratio(fg, under);
      if (r < 4.5) out.push(`${label}: ${r.toFixed(2)}`);
    }
    return out;
  });
}

describe("the reader", () => {
  it("publishes a course and names the page after the lesson and the course", async () => {
    await signIn(page, stack.webUrl, "reader");
    await addRepository(page, stack.git.url("reader"));
    await requestCourse(page);
    lessonUrl = await finishAndOpenCourse(page, stack);
    await planted(page).waitFor();
    lessonUrls = await page
      .getByRole("navigation", { name: "Contents" })
      .getByRole("link")
      .evaluateAll((as) => (as as HTMLAnchorElement[]).map((a) => a.href));
    const lesson = (await page.locator("#lesson-title").textContent())?.trim();
    const course = (await page.locator(".course-title").textContent())?.trim();
    expect(lesson && course).toBeTruthy();
    await expect.poll(() => page.title()).toBe(`${lesson} — ${course} — Fondation`);
  });

  it("numbers code lines from the cited line and copies the code without them", async () => {
    await page.goto(lessonUrl);
    const block = planted(page);
    await block.waitFor();
    await expect(block.getAttribute("data-source-range")).resolves.toBe("config/a.ts:2-3");
    await expect(block.getByTestId("code-line-numbers").textContent()).resolves.toBe("2\n3");
    // Every cited excerpt of the CLI's own chapters and of a tutorial (the range is in the
    // step's text) starts at its cited line.
    const cited: { range: string | null; first: string | undefined }[] = [];
    for (const url of [...lessonUrls.slice(1, 4), lessonUrls.at(-1) ?? ""]) {
      const other = await context.newPage();
      await other.goto(url);
      await other.locator(".lesson .markdown").waitFor();
      cited.push(
        ...(await other.locator(".code-block[data-source-range]").evaluateAll((els) =>
          els.map((el) => ({
            range: el.getAttribute("data-source-range"),
            first: el.querySelector(".code-lines")?.textContent?.split("\n")[0],
          })),
        )),
      );
      await other.close();
    }
    expect(cited.length).toBeGreaterThan(3);
    for (const { range, first } of cited) expect(first).toBe(/:(\d+)-/.exec(range ?? "")?.[1]);

    await block.getByRole("button", { name: "Copy" }).click();
    await block.getByRole("button", { name: "Copied" }).waitFor();
    await expect(block.locator("[aria-live]").textContent()).resolves.toBe("Copied");
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(PLANTED_CODE);
  });

  it("at 390 px, wide tables and code scroll inside their own box, by keyboard too", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(lessonUrl);
    await planted(page).waitFor();
    // The heading is on the first screen: the side column waits in a drawer.
    const top = await page.locator("#lesson-title").evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeLessThan(844 / 2);
    for (const box of [
      page.getByRole("region", { name: "Table" }).filter({ hasText: "Column 14" }),
      planted(page).getByRole("region", { name: "Code: config/a.ts:2-3" }),
    ]) {
      const sizes = await box.evaluate((el) => ({
        scroll: el.scrollWidth,
        client: el.clientWidth,
      }));
      expect(sizes.scroll).toBeGreaterThan(sizes.client);
      await box.focus();
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    }
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await expect(page.evaluate(() => window.scrollX)).resolves.toBe(0);
    await screenshot(page, "reader-mobile-scroll-boxes");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("every heading links to itself; the lesson's contents moves to its headings", async () => {
    await page.goto(lessonUrl);
    await planted(page).waitFor();
    const headings = await page.locator(".markdown :is(h2, h3, h4)").evaluateAll((hs) =>
      hs.map((h) => ({
        id: h.id,
        href: h.querySelector("a.heading-anchor")?.getAttribute("href"),
      })),
    );
    expect(headings.length).toBeGreaterThan(2);
    for (const h of headings) expect(h.href).toBe(`#${encodeURIComponent(h.id)}`);

    const toc = page.getByRole("navigation", { name: "On this page" });
    await toc.getByRole("link", { name: "Planted reader checks" }).click();
    const id = await page
      .getByRole("heading", { name: "Planted reader checks" })
      .getAttribute("id");
    await page.waitForURL((url) => url.hash === `#${id}`);
    await expect
      .poll(() =>
        page.getByRole("heading", { name: "Planted reader checks" }).evaluate((h) => {
          const r = h.getBoundingClientRect();
          return r.top >= 0 && r.top < window.innerHeight / 3;
        }),
      )
      .toBe(true);
    // The heading's own link goes there too.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator(".markdown h2 a.heading-anchor").first().click();
    await expect
      .poll(() => page.evaluate(() => window.location.hash))
      .toBe(headings[0] ? `#${encodeURIComponent(headings[0].id)}` : "");
  });

  it("at 390 px the contents is a drawer: opened and closed by keyboard, focus kept inside", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(lessonUrl);
    await planted(page).waitFor();
    const toggle = page.getByRole("button", { name: "Contents", exact: true });
    await expect(page.getByRole("navigation", { name: "Contents" }).isVisible()).resolves.toBe(
      false,
    );
    await toggle.focus();
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog", { name: "Contents" });
    await drawer.waitFor();
    await expect(toggle.getAttribute("aria-expanded")).resolves.toBe("true");
    // Tab stays in the drawer, however far it goes.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    const found = await seriousViolations(page);
    expect({ drawer: "open", found }).toEqual({ drawer: "open", found: [] });
    await screenshot(page, "reader-mobile-drawer");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
    // Choosing a lesson in the drawer goes there and closes it.
    await toggle.click();
    await drawer.getByRole("navigation", { name: "Contents" }).getByRole("link").nth(1).click();
    await page.waitForURL(lessonUrls[1] ?? "");
    await drawer.waitFor({ state: "detached" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("a diagram opens full screen and zooms by buttons and keys; nodes naming a lesson link to it", async () => {
    await page.goto(lessonUrl);
    const figure = page.locator('.mermaid-diagram[data-state="drawn"]').first();
    await figure.waitFor();
    await figure.getByRole("button", { name: "Open the diagram full screen" }).click();
    const dialog = page.getByRole("dialog", { name: "Diagram" });
    await dialog.waitFor();
    const zoom = dialog.getByTestId("diagram-zoom");
    const width = () =>
      dialog
        .locator("svg")
        .first()
        .evaluate((s) => s.getBoundingClientRect().width);
    await expect(zoom.textContent()).resolves.toBe("Zoom 100%");
    const before = await width();
    await dialog.getByRole("button", { name: "Zoom in" }).click();
    await expect.poll(() => zoom.textContent()).toBe("Zoom 125%");
    await page.keyboard.press("+");
    await expect.poll(() => zoom.textContent()).toBe("Zoom 150%");
    expect(await width()).toBeGreaterThan(before * 1.4);
    await screenshot(page, "reader-diagram-full-screen");
    await page.keyboard.press("0");
    await expect.poll(() => zoom.textContent()).toBe("Zoom 100%");
    await page.keyboard.press("-");
    await expect.poll(() => zoom.textContent()).toBe("Zoom 80%");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    // The overview's module graph names the chapters: its nodes link to them.
    const links = page.locator(".mermaid-svg a.diagram-link");
    await expect.poll(() => links.count()).toBeGreaterThan(0);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    const paths = lessonUrls.map((u) => new URL(u).pathname);
    for (const href of hrefs) expect(paths).toContain(href);
    // A client-side move, like the sidebar's: the same document.
    await page.evaluate(() => {
      (window as unknown as { __mark: string }).__mark = "same-document";
    });
    await links.first().click();
    await page.waitForURL((url) => url.pathname === hrefs[0]);
    await page.locator("#lesson-title").waitFor();
    await expect(
      page.evaluate(() => (window as unknown as { __mark?: string }).__mark),
    ).resolves.toBe("same-document");
  });

  it("axe: no serious violation on the lesson, light and dark, desktop and 390 px", async () => {
    const sizes = [
      ["desktop", { width: 1280, height: 900 }],
      ["mobile", { width: 390, height: 844 }],
    ] as const;
    for (const [size, viewport] of sizes) {
      await page.setViewportSize(viewport);
      await page.goto(lessonUrl);
      await planted(page).waitFor();
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        // Diagrams are drawn again in the page's theme.
        const theme = colorScheme === "dark" ? "dark" : "default";
        await page
          .locator(`.mermaid-diagram[data-state="drawn"][data-theme="${theme}"]`)
          .first()
          .waitFor();
        await expect
          .poll(() => page.locator('.mermaid-diagram:not([data-theme="' + theme + '"])').count())
          .toBe(0);
        const found = await seriousViolations(page);
        expect({ size, colorScheme, found }).toEqual({ size, colorScheme, found: [] });
        // axe does not read SVG text: every diagram label against the page's background.
        const faint = await lowContrastLabels(page);
        expect({ colorScheme, faint }).toEqual({ colorScheme, faint: [] });
        await screenshot(page, `reader-${size}-${colorScheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
