/** Steps of the journey that several browser tests need, driven through the UI. */
import type { Page } from "playwright-core";
import type { Stack } from "./stack.ts";

/** Adds a repository by URL from the dashboard; returns the repository page's URL. */
export async function addRepository(page: Page, gitUrl: string): Promise<string> {
  await page.getByLabel("Git URL").fill(gitUrl);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.waitForURL(/\/repositories\/[^/]+$/);
  await page.getByRole("button", { name: "Request the course" }).waitFor();
  return page.url();
}

/** Requests a course from the repository page; returns the job page's URL. */
export async function requestCourse(page: Page): Promise<string> {
  const from = page.url();
  await page.getByRole("button", { name: "Request the course" }).click();
  await page.waitForURL((url) => /\/jobs\/[^/]+$/.test(url.pathname) && url.href !== from);
  // In progress, or already up to date when the commit has this course.
  await page.locator("h1.job-title").waitFor();
  return page.url();
}

/** Waits for the job page to show a status; on timeout, says what the page shows instead. */
export async function waitForJobStatus(page: Page, status: string, timeout = 60_000) {
  try {
    await page.locator(`.job-status[data-status="${status}"]`).waitFor({ timeout });
  } catch (error) {
    const shown = await page
      .evaluate(() => ({
        status: document.querySelector(".job-status")?.getAttribute("data-status"),
        step: document.querySelector(".job-step")?.textContent,
        notice: document.querySelector(".notice, [role=alert]")?.textContent,
        lastEvents: [...document.querySelectorAll(".event-row")]
          .slice(-5)
          .map((r) => r.textContent),
      }))
      .catch(() => null);
    throw new Error(
      `the job page did not show status "${status}" within ${timeout} ms; it shows ${JSON.stringify(shown)}`,
      { cause: error },
    );
  }
}

/**
 * From a job page: lets the held CLI run, waits for the course, opens it; returns the
 * course's URL (its first lesson).
 */
export async function finishAndOpenCourse(page: Page, stack: Stack): Promise<string> {
  stack.cli.open();
  await waitForJobStatus(page, "succeeded", 90_000);
  await page.getByRole("link", { name: "Read the course" }).click();
  await page.waitForURL(/\/courses\/[^/]+\/[^/]+$/);
  await page.locator("#lesson-title").waitFor();
  return page.url();
}
