/**
 * Chromium (Debian's, driven by playwright-core), local sign-in, screenshots kept as test
 * artefacts under test-artifacts/web-e2e/, and the axe-core scan.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { ROOT } from "../../../worker/test/support/e2e.ts";

export const ARTIFACTS_DIR = join(ROOT, "test-artifacts/web-e2e");

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Under the web-e2e test timeout (180 s, vitest.config.ts), so a test still fails by itself. */
export const STATE_WAIT_MS = 150_000;

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not at ${executablePath}: install it (apt-get install -y chromium; ./run test does) or set CHROMIUM_PATH.`,
    );
  }
  const browser = await chromium.launch({ executablePath, args: FLAGS, headless: true });
  // Every context waits for states up to the test's own timeout: Playwright's 30 s default
  // failed a wait for a navigation on a machine busy with other work, with nothing wrong.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(STATE_WAIT_MS);
    context.setDefaultNavigationTimeout(STATE_WAIT_MS);
    return context;
  };
  return browser;
}

/** The page most browser tests drive: a desktop window (1280×900) in US English. */
export async function desktopPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
  });
  return await context.newPage();
}

/** Local sign-in from the landing page's way in; ends on the dashboard. */
export async function signIn(page: Page, webUrl: string, name: string): Promise<void> {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${webUrl}/dashboard`);
  await page.getByRole("heading", { level: 1, name: "Your repositories" }).waitFor();
}

/** A full-page screenshot as a test artefact; returns (and prints) its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`web-e2e screenshot: ${path}\n`);
  return path;
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (or in `include` only). */
export async function seriousViolations(page: Page, include?: string[]): Promise<AxeFinding[]> {
  const builder = new AxeBuilder({ page });
  for (const selector of include ?? []) builder.include(selector);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}
