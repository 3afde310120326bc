#!/usr/bin/env node
/**
 * Benchmark (a script: prints figures, asserts nothing), in Chromium against the local
 * stack (local Convex, `next start`, one worker running the real CLI offline):
 *
 * 1. request → first progress update on screen: from the click on "Request the course"
 *    to the job page first showing a live status past "Waiting for a worker" (the worker
 *    has claimed the job), median over --runs requests. Also: the job page shown, and the
 *    first pipeline step ("Step 1 of 6" or later) on screen.
 * 2. LCP of a 12-chapter course: largest-contentful-paint (PerformanceObserver) of a
 *    lesson page loaded in a fresh browser context, median over --lcp-runs loads.
 *
 *   node web/bench/request-to-progress.ts [--runs 5] [--lcp-runs 5]
 */
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { launchChromium, signIn } from "../e2e/support/browser.ts";
import { addRepository, waitForJobStatus } from "../e2e/support/flows.ts";
import { layeredRepo } from "../e2e/support/repos.ts";
import { startStack } from "../e2e/support/stack.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "lcp-runs": { type: "string", default: "5" },
  },
});
const runs = Number.parseInt(values.runs, 10);
const lcpRuns = Number.parseInt(values["lcp-runs"], 10);
if (!(runs >= 1) || !(lcpRuns >= 1)) {
  throw new Error("--runs and --lcp-runs must be whole numbers ≥ 1");
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

interface RequestTiming {
  jobPage: number;
  firstUpdate: number;
  firstStep: number;
}

/**
 * Measures in the page (same document: the app navigates client-side), from the click's
 * timestamp to DOM states observed by a MutationObserver.
 */
async function timeRequest(page: Page): Promise<RequestTiming> {
  const button = page.getByRole("button", { name: "Request the course" });
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll("button")].find(
      (el) => el.textContent === "Request the course",
    );
    return b !== undefined && !b.disabled;
  });
  await page.evaluate(() => {
    const w = window as unknown as { __bench: Record<string, number> };
    w.__bench = {};
    const mark = (name: string) => {
      w.__bench[name] ??= performance.now();
    };
    document.addEventListener(
      "click",
      (e) => {
        if ((e.target as HTMLElement).closest("button")?.textContent === "Request the course")
          mark("click");
      },
      { capture: true },
    );
    const check = () => {
      if (w.__bench.click === undefined || !location.pathname.startsWith("/jobs/")) return;
      const status = document.querySelector(".job-status")?.getAttribute("data-status");
      if (!status) return;
      mark("jobPage");
      if (status !== "queued") mark("firstUpdate");
      if (/^Step [1-6] of/.test(document.querySelector(".job-step")?.textContent ?? ""))
        mark("firstStep");
    };
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
  await button.click();
  await waitForJobStatus(page, "succeeded", 120_000);
  const marks = await page.evaluate(
    () => (window as unknown as { __bench: Record<string, number> }).__bench,
  );
  const since = (name: string) => {
    const at = marks[name];
    if (at === undefined || marks.click === undefined) {
      throw new Error(`bench: no "${name}" mark; marks: ${JSON.stringify(marks)}`);
    }
    return at - marks.click;
  };
  return {
    jobPage: since("jobPage"),
    firstUpdate: since("firstUpdate"),
    firstStep: since("firstStep"),
  };
}

async function main() {
  const started = Date.now();
  const stack = await startStack({ cliOpen: true, log: (l) => process.stderr.write(`${l}\n`) });
  const browser = await launchChromium();
  try {
    stack.git.createRepo("bench", layeredRepo());
    const context = await browser.newContext({
      locale: "en-US",
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await signIn(page, stack.webUrl, "bench");
    const repositoryUrl = await addRepository(page, stack.git.url("bench"));

    const timings: RequestTiming[] = [];
    let courseUrl = "";
    for (let i = 0; i < runs; i++) {
      // A new commit each run: at the same commit the request would end "already up to date".
      if (i > 0) stack.git.commitFiles("bench", { "RUN.md": `run ${i + 1}\n` });
      await page.goto(repositoryUrl);
      const t = await timeRequest(page);
      timings.push(t);
      process.stderr.write(
        `run ${i + 1}/${runs}: job page ${fmt(t.jobPage)}, first update ${fmt(t.firstUpdate)}, first step ${fmt(t.firstStep)}\n`,
      );
      if (i === 0) {
        await page.getByRole("link", { name: "Read the course" }).click();
        await page.waitForURL(/\/courses\/[^/]+\/[^/]+$/);
        courseUrl = page.url();
        const chapters = await page
          .getByRole("navigation", { name: "Contents" })
          .locator("ol")
          .first()
          .getByRole("link")
          .count();
        if (chapters !== 12)
          throw new Error(`bench: expected a 12-chapter course, got ${chapters}`);
      }
    }

    // LCP: each load in a fresh context (no HTTP cache), signed in with the same session.
    const state = await context.storageState();
    const lcps: {
      ms: number;
      element: string;
      title: number;
      diagram: number;
      ttfb: number;
      dcl: number;
    }[] = [];
    for (let i = 0; i < lcpRuns; i++) {
      const fresh = await browser.newContext({
        locale: "en-US",
        viewport: { width: 1280, height: 900 },
        storageState: state,
      });
      await fresh.addInitScript(() => {
        const w = window as unknown as {
          __lcp: { ms: number; element: string }[];
          __marks: Record<string, number>;
        };
        w.__lcp = [];
        w.__marks = {};
        // When the lesson's title and its first drawn diagram appear (ms since navigation).
        new MutationObserver(() => {
          if (document.getElementById("lesson-title")) w.__marks.title ??= performance.now();
          if (document.querySelector('figure.mermaid-diagram[data-state="drawn"] svg'))
            w.__marks.diagram ??= performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { element?: Element })[]) {
            const el = e.element;
            w.__lcp.push({
              ms: e.startTime,
              element: el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}` : "?",
            });
          }
        }).observe({ type: "largest-contentful-paint", buffered: true });
      });
      const p = await fresh.newPage();
      await p.goto(courseUrl);
      await p.locator('figure.mermaid-diagram[data-state="drawn"] svg').first().waitFor();
      // Two frames after the lesson is complete, so its paint has been reported.
      await p.evaluate(
        () =>
          new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
      );
      const got = await p.evaluate(() => {
        const w = window as unknown as {
          __lcp: { ms: number; element: string }[];
          __marks: Record<string, number>;
        };
        const nav = performance.getEntriesByType("navigation")[0] as
          | PerformanceNavigationTiming
          | undefined;
        return {
          entries: w.__lcp,
          title: w.__marks.title ?? Number.NaN,
          diagram: w.__marks.diagram ?? Number.NaN,
          ttfb: nav?.responseStart ?? Number.NaN,
          domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
        };
      });
      const last = got.entries.at(-1);
      if (!last) throw new Error("bench: no largest-contentful-paint entry");
      const load = {
        ...last,
        title: got.title,
        diagram: got.diagram,
        ttfb: got.ttfb,
        dcl: got.domContentLoaded,
      };
      lcps.push(load);
      process.stderr.write(
        `lcp ${i + 1}/${lcpRuns}: ${fmt(last.ms)} (${last.element}); TTFB ${fmt(got.ttfb)}, DOMContentLoaded ${fmt(got.domContentLoaded)}, lesson title ${fmt(got.title)}, diagram drawn ${fmt(got.diagram)}\n`,
      );
      await fresh.close();
    }

    const pick = (k: keyof RequestTiming) => timings.map((t) => t[k]);
    const result = {
      runs,
      requestToJobPageMs: median(pick("jobPage")),
      requestToFirstProgressMs: median(pick("firstUpdate")),
      requestToFirstStepMs: median(pick("firstStep")),
      lcpRuns,
      courseChapters: 12,
      lcpMedianMs: median(lcps.map((l) => l.ms)),
      lcpElements: [...new Set(lcps.map((l) => l.element))],
      ttfbMedianMs: median(lcps.map((l) => l.ttfb)),
      domContentLoadedMedianMs: median(lcps.map((l) => l.dcl)),
      lessonTitleMedianMs: median(lcps.map((l) => l.title)),
      diagramDrawnMedianMs: median(lcps.map((l) => l.diagram)),
    };
    console.log(
      [
        `request → job page shown            median ${fmt(result.requestToJobPageMs)} (${runs} runs)`,
        `request → first progress update     median ${fmt(result.requestToFirstProgressMs)} (${runs} runs)`,
        `request → first pipeline step shown median ${fmt(result.requestToFirstStepMs)} (${runs} runs)`,
        `LCP, 12-chapter course lesson       median ${fmt(result.lcpMedianMs)} (${lcpRuns} loads; element ${result.lcpElements.join(", ")})`,
        `  same loads: TTFB ${fmt(result.ttfbMedianMs)}, DOMContentLoaded ${fmt(result.domContentLoadedMedianMs)}, lesson title ${fmt(result.lessonTitleMedianMs)}, first diagram drawn ${fmt(result.diagramDrawnMedianMs)} (medians)`,
        `(total bench time ${((Date.now() - started) / 1000).toFixed(0)} s)`,
      ].join("\n"),
    );
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    await stack.close();
  }
}

await main();
