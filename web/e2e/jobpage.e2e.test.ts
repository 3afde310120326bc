/**
 * The job page in Chromium at 390 px against the local stack (whose worker has no model key):
 * a local path that is not a repository is refused when added; a job is named (repository,
 * language, "offline, without a model", no tokens or cost) and titled by its state up to
 * "Course ready" at step 6 of 6; a failed job says so in one sentence (no git command, no
 * worker folder, no retry promise) whose log row wraps without overlapping the next; while
 * the Convex backend is down the page says so, its clock stops and Cancel waits, and it
 * reconnects by itself when the backend is back; axe finds no serious violation, light and
 * dark.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousViolations, signIn } from "./support/browser.ts";
import { addRepository, requestCourse, waitForJobStatus } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let page: Page;
const plainFolder = mkdtempSync(join(tmpdir(), "not-a-repo-"));

beforeAll(async () => {
  stack = await startStack();
  stack.git.createRepo("jobpage", layeredRepo(3));
  stack.git.createRepo("reconnect", layeredRepo(2));
  browser = await launchChromium();
  const context = await browser.newContext({
    locale: "en-US",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  page = await context.newPage();
  await signIn(page, stack.webUrl, "watcher");
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(plainFolder, { recursive: true, force: true });
});

async function expectAccessible(name: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await screenshot(page, `${name}-${colorScheme}`);
    const found = await seriousViolations(page);
    expect({ colorScheme, violations: found }).toEqual({ colorScheme, violations: [] });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const title = () => page.locator("h1.job-title");

describe("the job page", () => {
  it("refuses a local path that is not a git repository when it is added", async () => {
    await page.goto(`${stack.webUrl}/dashboard`);
    const field = page.getByLabel("Git URL or local path");
    for (const [path, said] of [
      [join(plainFolder, "missing"), "Nothing exists at"],
      [plainFolder, "is not a git repository"],
    ] as const) {
      await field.fill(path);
      await page.getByRole("button", { name: "Add", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: said }).waitFor();
    }
    expect(page.url()).toMatch(/\/dashboard$/);
    await expect(page.locator(".repo-card").count()).resolves.toBe(0);
  });

  it("names the job and titles it by its state, up to 'Course ready' at step 6 of 6", async () => {
    await addRepository(page, stack.git.url("jobpage"));
    await requestCourse(page);
    await expect(title().textContent()).resolves.toBe("Course in progress");
    // The worker says it has no model key with the commit it cloned.
    await page.getByText("jobpage · English · offline, without a model").waitFor();
    await expect(page.getByTestId("job-tokens").count()).resolves.toBe(0);
    await expect(page.getByTestId("job-cost").count()).resolves.toBe(0);
    await waitForJobStatus(page, "analyzing");
    await expectAccessible("jobpage-running");
    stack.cli.open();
    await waitForJobStatus(page, "succeeded", 90_000);
    await expect(title().textContent()).resolves.toBe("Course ready");
    await expect(page.locator(".job-step").textContent()).resolves.toMatch(/^Step 6 of 6/);
    await expect(page.locator(".progress-percent").textContent()).resolves.toBe("100%");
    await expectAccessible("jobpage-done");
  });

  it("a failed job says why in one sentence, and its log row wraps without covering the next", async () => {
    await page.goto(`${stack.webUrl}/dashboard`);
    await addRepository(page, stack.git.url("no-such-repository"));
    await requestCourse(page);
    await waitForJobStatus(page, "failed", 90_000);
    await expect(title().textContent()).resolves.toBe("The course could not be written");
    const notice = (await page.locator(".notice-error").textContent()) ?? "";
    expect(notice).toContain("No git repository at");
    expect(notice).not.toMatch(/will be retried|gave up|fatal:|git clone|web-e2e-/);

    const failedRow = page.locator(".event-row.level-error").last();
    await failedRow.waitFor();
    const boxes = await page.locator(".event-row").evaluateAll((rows) =>
      rows.map((r) => {
        const b = r.getBoundingClientRect();
        return { top: b.top, bottom: b.bottom, right: b.right, height: b.height };
      }),
    );
    const log = await page.locator(".event-log-scroll").boundingBox();
    if (!log) throw new Error("no event log on the page");
    const sorted = [...boxes].sort((a, b) => a.top - b.top);
    for (const [i, box] of sorted.entries()) {
      expect(box.right).toBeLessThanOrEqual(log.x + log.width + 1);
      const next = sorted[i + 1];
      if (next) expect(next.top).toBeGreaterThanOrEqual(box.bottom - 1);
    }
    // The failure's sentence is longer than a phone's line: its row is several lines tall.
    expect(Math.max(...boxes.map((b) => b.height))).toBeGreaterThan(30);
    await expectAccessible("jobpage-failed");
  });

  it("while the backend is down, says so, stops its clock and Cancel, and reconnects by itself", async () => {
    stack.cli.close();
    await page.goto(`${stack.webUrl}/dashboard`);
    await addRepository(page, stack.git.url("reconnect"));
    await requestCourse(page);
    await waitForJobStatus(page, "analyzing");
    const cancel = page.getByRole("button", { name: "Cancel", exact: true });
    const elapsed = page.getByTestId("job-elapsed");
    const notice = page.getByTestId("connection-lost");
    await expect(cancel.isEnabled()).resolves.toBe(true);

    await stack.stopConvex();
    await notice.waitFor();
    await expect(cancel.isDisabled()).resolves.toBe(true);
    const frozen = await elapsed.textContent();
    // A stopped clock never moves: two seconds later it still shows the same time.
    await page.waitForTimeout(2_000);
    await expect(elapsed.textContent()).resolves.toBe(frozen);
    await expectAccessible("jobpage-disconnected");

    await stack.startConvex();
    // The client's own reconnection (its backoff), with no reload and no click.
    await notice.waitFor({ state: "detached", timeout: 60_000 });
    await page.waitForFunction(
      (before) => document.querySelector("[data-testid=job-elapsed]")?.textContent !== before,
      frozen,
    );
    await expect(cancel.isEnabled()).resolves.toBe(true);
    await cancel.click();
    await waitForJobStatus(page, "canceled");
  });
});
