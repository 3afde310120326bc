/**
 * Accessibility: axe-core scans each page (landing, sign-in, dashboard, repository, job,
 * course) in Chromium against the local stack, in the light and the dark colour scheme.
 * No serious or critical violation is allowed.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, seriousViolations, signIn } from "./support/browser.ts";
import {
  addRepository,
  finishAndOpenCourse,
  requestCourse,
  waitForJobStatus,
} from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  stack.git.createRepo("layers", layeredRepo(3));
  browser = await launchChromium();
  context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Scans the page as it is, in both colour schemes. */
async function expectAccessible() {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const found = await seriousViolations(page);
    expect({ colorScheme, violations: found }).toEqual({ colorScheme, violations: [] });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

describe("accessibility (axe-core: no serious or critical violations)", () => {
  it("the scan reports a planted violation (it can fail)", async () => {
    await page.goto(stack.webUrl);
    await page.getByRole("link", { name: "Sign in (local mode)" }).waitFor();
    // A button with no accessible name is a critical violation (button-name).
    await page.evaluate(() => {
      const planted = document.createElement("button");
      planted.id = "planted-violation";
      document.querySelector("main")?.append(planted);
    });
    const found = await seriousViolations(page);
    expect(found.map((v) => v.id)).toContain("button-name");
    expect(found.flatMap((v) => v.targets)).toContain("#planted-violation");
  });

  it("landing page", async () => {
    await page.goto(stack.webUrl);
    await page.getByRole("link", { name: "Sign in (local mode)" }).waitFor();
    await expectAccessible();
  });

  it("sign-in page", async () => {
    await page.goto(`${stack.webUrl}/sign-in`);
    await page.getByLabel("Name").waitFor();
    await expectAccessible();
  });

  it("dashboard, with a repository", async () => {
    await signIn(page, stack.webUrl, "ada");
    await addRepository(page, stack.git.url("layers"));
    await page.goto(`${stack.webUrl}/dashboard`);
    await page.locator(".repo-card").first().waitFor();
    await expectAccessible();
  });

  it("repository page", async () => {
    await page.locator(".repo-card a.repo-name").first().click();
    await page.getByRole("button", { name: "Request the course" }).waitFor();
    await expectAccessible();
  });

  it("job page, running and done", async () => {
    await requestCourse(page);
    await waitForJobStatus(page, "analyzing");
    await page.locator(".event-log .event-row").first().waitFor();
    await expectAccessible();
    await finishAndOpenCourse(page, stack);
    await page.goBack();
    await waitForJobStatus(page, "succeeded");
    await expectAccessible();
  });

  it("course page, with a drawn Mermaid diagram", async () => {
    await page.getByRole("link", { name: "Read the course" }).click();
    await page.locator('figure.mermaid-diagram[data-state="drawn"] svg').first().waitFor();
    await expectAccessible();
  });
});
