/**
 * Authorization in the browser: a second user, signed in locally in a fresh browser
 * context, sees none of the first user's repositories, jobs or courses — an empty
 * dashboard, and a not-found message (no data) at the first user's URLs.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, signIn } from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
const owner: { repository: string; job: string; course: string; lessonTitle: string } = {
  repository: "",
  job: "",
  course: "",
  lessonTitle: "",
};

beforeAll(async () => {
  stack = await startStack();
  stack.git.createRepo("private-ish", layeredRepo(2));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  return context.newPage();
}

const NOT_FOUND = "It no longer exists, or it is not yours.";

describe("a second user sees none of the first user's data", () => {
  it("the first user makes a repository, a job and a course", async () => {
    const page = await freshPage();
    await signIn(page, stack.webUrl, "owner");
    owner.repository = await addRepository(page, stack.git.url("private-ish"));
    owner.job = await requestCourse(page);
    owner.course = await finishAndOpenCourse(page, stack);
    owner.lessonTitle = (await page.locator("#lesson-title").textContent()) ?? "";
    expect(owner.lessonTitle).not.toBe("");
    await page.context().close();
  });

  it("the second user's dashboard is empty", async () => {
    const page = await freshPage();
    await signIn(page, stack.webUrl, "intruder");
    await page.getByText("No repositories yet", { exact: false }).waitFor();
    await expect(page.locator(".repo-card").count()).resolves.toBe(0);
    await expect(page.getByText("private-ish").count()).resolves.toBe(0);
    await screenshot(page, "11-second-user-dashboard");
    await page.context().close();
  });

  it("the first user's repository, job and course URLs show not-found, no data", async () => {
    if (!owner.course) throw new Error("the first user's course was not made");
    const page = await freshPage();
    await signIn(page, stack.webUrl, "intruder");
    for (const [name, url] of Object.entries({
      repository: owner.repository,
      job: owner.job,
      course: owner.course,
    })) {
      await page.goto(url);
      const alert = page.getByRole("alert").filter({ hasText: NOT_FOUND });
      await alert.waitFor();
      const body = (await page.locator("main").textContent()) ?? "";
      expect(body, name).not.toContain("private-ish");
      expect(body, name).not.toContain(owner.lessonTitle);
      await expect(
        page.locator(".job-progress, .event-log, .reader, .lesson").count(),
      ).resolves.toBe(0);
      await screenshot(page, `12-second-user-${name}-not-found`);
    }
    await page.context().close();
  });
});
