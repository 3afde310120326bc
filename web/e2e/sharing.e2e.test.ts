/**
 * Sharing a course by link, deep links through sign-in, and the not-found pages, in Chromium
 * against the local stack. The owner shares a course from the reader; a signed-out visitor
 * and another user read it (every in-course link keeps the key) and see none of the owner's
 * chrome; made private, the same link says not found, with a way home and no "Try again".
 * A protected page's sign-in link comes back to it; ids that name nothing and unknown
 * addresses show the app's own not-found page (en and fr); the header never shows
 * "Sign in" to a signed-in user while the session loads. axe on each, light and dark,
 * desktop and 390 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousViolations, signIn } from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let ownerContext: BrowserContext;
let owner: Page;
const state = { course: "", shareUrl: "", firstTitle: "" };

const NOT_FOUND = "It no longer exists, or it is not yours.";
const SIZES = [
  ["desktop", { width: 1280, height: 900 }],
  ["mobile", { width: 390, height: 844 }],
] as const;

beforeAll(async () => {
  stack = await startStack();
  stack.git.createRepo("shared-course", layeredRepo(3));
  browser = await launchChromium();
  ownerContext = await browser.newContext({
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
  });
  await ownerContext.grantPermissions(["clipboard-read", "clipboard-write"]);
  owner = await ownerContext.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function freshPage(locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/**
 * axe, light and dark, desktop and 390 px, on `url` once `ready` shows; screenshots each.
 * On mobile only `mobileParts` when given: the 390 px reader's code blocks belong to the
 * reader's own work (issue 13), not to what this file adds.
 */
async function axeEverywhere(
  page: Page,
  url: string,
  name: string,
  ready: (size: "desktop" | "mobile") => Promise<void>,
  mobileParts?: string[],
) {
  for (const [size, viewport] of SIZES) {
    await page.setViewportSize(viewport);
    await page.goto(url);
    await ready(size);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      const found = await seriousViolations(page, size === "mobile" ? mobileParts : undefined);
      expect({ name, size, colorScheme, found }).toEqual({ name, size, colorScheme, found: [] });
      await screenshot(page, `${name}-${size}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const sharePanel = (p: Page) => p.getByRole("region", { name: "Sharing" });

/** What a visitor must never see of the owner's: history, repository link, sharing. */
async function expectNoOwnerChrome(p: Page) {
  await expect(p.getByText("Course history").count()).resolves.toBe(0);
  await expect(sharePanel(p).count()).resolves.toBe(0);
  await expect(p.locator('main a[href^="/repositories/"]').count()).resolves.toBe(0);
}

/** Reads the shared course: first lesson, then the next through the pager, key kept. */
async function readShared(p: Page) {
  await p.goto(state.shareUrl);
  await p.waitForURL(/\/courses\/[^/]+\/[^/?]+\?share=/);
  await p.locator("#lesson-title").filter({ hasText: state.firstTitle }).waitFor();
  await p.getByText("A course shared with you by link.").waitFor();
  const hrefs = await p
    .getByRole("navigation", { name: "Contents" })
    .getByRole("link")
    .evaluateAll((as) => (as as HTMLAnchorElement[]).map((a) => a.href));
  expect(hrefs.length).toBeGreaterThan(2);
  for (const href of hrefs) expect(new URL(href).searchParams.get("share")).toBeTruthy();
  await expectNoOwnerChrome(p);
  const first = p.url();
  await p.locator("a[rel=next]").click();
  await p.waitForURL((u) => u.searchParams.has("share") && u.href !== first);
  await p.locator("#lesson-title").filter({ hasNotText: state.firstTitle }).waitFor();
  // Next's route announcer is an alert too: only the page's own count.
  await expect(p.locator("main [role=alert]").count()).resolves.toBe(0);
}

describe("sharing a course by link", () => {
  it("the owner shares the course from the reader and copies its link", async () => {
    await signIn(owner, stack.webUrl, "owner");
    await addRepository(owner, stack.git.url("shared-course"));
    await requestCourse(owner);
    state.course = await finishAndOpenCourse(owner, stack);
    state.firstTitle = (await owner.locator("#lesson-title").textContent()) ?? "";
    const panel = sharePanel(owner);
    await panel.getByText("Private: only you can read this course.").waitFor();
    await panel.getByRole("button", { name: "Share by link" }).click();
    const field = panel.getByLabel("Link to this course");
    await field.waitFor();
    state.shareUrl = await field.inputValue();
    const courseId = new URL(state.course).pathname.split("/")[2];
    expect(state.shareUrl).toMatch(
      new RegExp(`^${stack.webUrl}/courses/${courseId}\\?share=[A-Za-z0-9_-]{22}$`),
    );
    await panel.getByRole("button", { name: "Copy link" }).click();
    await panel.getByText("Link copied.").waitFor();
    await expect(owner.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      state.shareUrl,
    );
    await expect(owner.locator('main a[href^="/repositories/"]').count()).resolves.toBe(1);
  });

  it("the owner's reader with the share panel passes axe, light and dark, desktop and 390 px", async () => {
    await axeEverywhere(
      owner,
      state.course,
      "sharing-owner",
      async (size) => {
        // At 390 px the side column is a drawer behind "Contents".
        if (size === "mobile") await owner.getByRole("button", { name: "Contents" }).click();
        await sharePanel(owner).getByLabel("Link to this course").waitFor();
      },
      [".site-header", ".share-panel", ".course-title"],
    );
  });

  it("a signed-out visitor reads it through the link, and sees nothing else of the owner's", async () => {
    const visitor = await freshPage();
    await readShared(visitor);
    await screenshot(visitor, "sharing-visitor");
    await axeEverywhere(
      visitor,
      state.shareUrl,
      "sharing-visitor",
      async (size) => {
        // The link names the course, and the reader moves on to its first lesson's URL.
        await visitor.waitForURL(/\/courses\/[^/]+\/[^/?]+\?share=/);
        await visitor.locator("#lesson-title").waitFor();
        await visitor.waitForFunction(() => document.title.includes("Fondation"));
        if (size === "mobile") {
          await visitor.getByRole("button", { name: "Contents" }).click();
          await visitor.getByText("A course shared with you by link.").waitFor();
        }
      },
      [".site-header", ".reader-side"],
    );
    await visitor.context().close();
  });

  it("another signed-in user reads it too", async () => {
    const other = await freshPage();
    await signIn(other, stack.webUrl, "someone-else");
    await readShared(other);
    await screenshot(other, "sharing-other-user");
    await other.context().close();
  });

  it("made private, the link says not found to both, with a way home and no Try again", async () => {
    await owner.setViewportSize({ width: 1280, height: 900 });
    await owner.goto(state.course);
    const panel = sharePanel(owner);
    await panel.getByRole("button", { name: "Make private" }).click();
    await panel.getByText("Private: only you can read this course.").waitFor();
    await expect(panel.getByLabel("Link to this course").count()).resolves.toBe(0);

    const visitor = await freshPage();
    const other = await freshPage();
    await signIn(other, stack.webUrl, "someone-else");
    for (const [who, page, home] of [
      ["visitor", visitor, "Go to the home page"],
      ["other", other, "Go to your repositories"],
    ] as const) {
      await page.goto(state.shareUrl);
      const alert = page.getByRole("alert").filter({ hasText: NOT_FOUND });
      await alert.waitFor();
      await alert.getByRole("link", { name: home }).waitFor();
      await expect(page.getByRole("button", { name: "Try again" }).count()).resolves.toBe(0);
      const body = (await page.locator("main").textContent()) ?? "";
      expect(body, who).not.toContain(state.firstTitle);
      await screenshot(page, `sharing-private-${who}`);
    }
    // Sharing again makes a new link: the old one stays dead.
    await panel.getByRole("button", { name: "Share by link" }).click();
    const fresh = await panel.getByLabel("Link to this course").inputValue();
    expect(fresh).not.toBe(state.shareUrl);
    await visitor.goto(state.shareUrl);
    await visitor.getByRole("alert").filter({ hasText: NOT_FOUND }).waitFor();
    await visitor.goto(fresh);
    await visitor.locator("#lesson-title").filter({ hasText: state.firstTitle }).waitFor();
    await visitor.context().close();
    await other.context().close();
  });
});

describe("deep links, not-found pages and the header", () => {
  it("signing in from a protected page comes back to it", async () => {
    const page = await freshPage();
    const lesson = new URL(state.course);
    await page.goto(`${stack.webUrl}${lesson.pathname}`);
    await page.locator("main").getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("redirect_url")).toBe(lesson.pathname);
    await page.getByLabel("Name").fill("owner");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === lesson.pathname);
    await page.locator("#lesson-title").filter({ hasText: state.firstTitle }).waitFor();
    await page.context().close();
  });

  it("a crafted redirect to another site lands on the dashboard instead", async () => {
    const page = await freshPage();
    for (const evil of ["//evil.example/x", "https://evil.example/x", "/\\evil.example"]) {
      await page.context().clearCookies();
      await page.goto(`${stack.webUrl}/sign-in?redirect_url=${encodeURIComponent(evil)}`);
      await page.getByLabel("Name").fill("owner");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${stack.webUrl}/dashboard`);
    }
    await page.context().close();
  });

  it("ids that name nothing and unknown addresses show the app's not-found page", async () => {
    const page = await freshPage();
    await signIn(page, stack.webUrl, "owner");
    for (const path of ["/jobs/abc", "/courses/xyz", "/repositories/nope"]) {
      await page.goto(`${stack.webUrl}${path}`);
      const alert = page.getByRole("alert").filter({ hasText: NOT_FOUND });
      await alert.waitFor();
      await alert.getByRole("link", { name: "Go to your repositories" }).waitFor();
      const body = (await page.locator("main").textContent()) ?? "";
      expect(body, path).not.toMatch(/Validator|v\.id|Server Error|CONVEX/);
      await expect(page.getByRole("button", { name: "Try again" }).count()).resolves.toBe(0);
    }
    await screenshot(page, "not-found-invalid-job-id");
    await page.goto(`${stack.webUrl}/no/such/page`);
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
    await page.getByRole("link", { name: "Go to your repositories" }).click();
    await page.waitForURL(`${stack.webUrl}/dashboard`);
    await page.context().close();

    const visitor = await freshPage();
    await axeEverywhere(visitor, `${stack.webUrl}/no/such/page`, "not-found", async () => {
      await visitor.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
      await visitor.getByRole("link", { name: "Go to the home page" }).waitFor();
    });
    await visitor.context().close();

    const french = await freshPage("fr-FR");
    await french.goto(`${stack.webUrl}/no/such/page`);
    await french.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();
    await french.getByRole("link", { name: "Aller à l’accueil" }).waitFor();
    await screenshot(french, "not-found-fr");
    await french.context().close();
  });

  it("the header never shows Sign in to a signed-in user while the session loads", async () => {
    const page = await freshPage();
    await signIn(page, stack.webUrl, "owner");
    // Recorded from the first byte of each document: any sign-in link in the header.
    await page.addInitScript(() => {
      const w = window as unknown as { signInFlash: boolean };
      w.signInFlash = false;
      new MutationObserver(() => {
        if (document.querySelector('.site-header a[href^="/sign-in"]')) w.signInFlash = true;
      }).observe(document, { childList: true, subtree: true });
    });
    for (const path of ["/dashboard", new URL(state.course).pathname]) {
      await page.goto(`${stack.webUrl}${path}`);
      await page.getByRole("button", { name: "Sign out" }).waitFor();
      await expect(
        page.evaluate(() => (window as unknown as { signInFlash: boolean }).signInFlash),
      ).resolves.toBe(false);
    }
    // And a signed-out visitor does get the link once the session is known.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator('.site-header a[href^="/sign-in"]').waitFor();
    await page.context().close();
  });
});
