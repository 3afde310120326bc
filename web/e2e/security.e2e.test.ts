/**
 * The browser half of issue 11, against the built app:
 *
 * - every response (pages, the not-found page, API answers, static assets, a bad server
 *   action) carries the Content-Security-Policy and the other security headers, with a
 *   fresh nonce that is the one on the page's scripts; HSTS only in production (a second
 *   `next start` in Clerk mode, offline, shows the production set with Clerk's origins);
 * - a course lesson whose Mermaid diagrams try to make the reader's browser load remote
 *   resources (an <img> in a label, themeCSS url() in an init directive and in front
 *   matter, classDef/style url(), click links) loads nothing: a counting server on
 *   loopback sees 0 requests, with the CSP on and with the CSP bypassed (Mermaid's own
 *   lock alone), while an ordinary diagram still draws its nodes.
 *
 * Screenshots of the lesson (desktop and 390 px, light and dark) go to
 * test-artifacts/web-e2e/security-lesson-*.png.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickFreePort } from "../../scripts/dev/ports.ts";
import { NEXT_BIN, WEB_DIR } from "../../scripts/dev/webBuild.ts";
import { launchChromium, screenshot, signIn } from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

/** Counts every request that reaches it: the "attacker's" server on loopback. */
interface Counter {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

async function startCounter(): Promise<Counter> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "image/png", "access-control-allow-origin": "*" });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Hostile diagrams (as a model could write them) and one ordinary diagram. */
function hostileLesson(origin: string): string {
  const fence = (source: string) => `\n\`\`\`mermaid\n${source}\n\`\`\`\n`;
  return [
    "## Planted diagrams",
    "An ordinary diagram:",
    fence("flowchart LR\n  Reader[Reader] --> Lesson[Lesson]\n  Lesson --> Quiz[Quiz]"),
    "An image in a label:",
    fence(
      `flowchart TD\n  A["<img src='${origin}/img-label.png'> label"] --> B[<img src=${origin}/img-bare.png>]`,
    ),
    "A markdown-string label with an image:",
    fence(`flowchart TD\n  M["\`<img src='${origin}/img-markdown.png'> md\`"] --> N`),
    "An init directive with themeCSS url() and HTML labels turned back on:",
    fence(
      `%%{init: {"htmlLabels": true, "flowchart": {"htmlLabels": true}, "themeCSS": ".node rect { fill: url(${origin}/theme-css.png) } svg { background-image: url(${origin}/theme-bg.png) }"}}%%\nflowchart LR\n  C["<img src='${origin}/img-init.png'>"] --> D`,
    ),
    "A themeVariables url() and a fontFamily with @import:",
    fence(
      `%%{init: {"theme": "base", "themeVariables": {"primaryColor": "url(${origin}/theme-vars.png)"}, "fontFamily": "x; } @import url(${origin}/font.css); a {"}}%%\nflowchart LR\n  E --> F`,
    ),
    "Front matter config:",
    fence(
      `---\nconfig:\n  themeCSS: "svg { background: url(${origin}/front-matter.png) }"\n  htmlLabels: true\n---\nflowchart LR\n  G["<img src='${origin}/img-front-matter.png'>"] --> H`,
    ),
    "A click link and a click callback:",
    fence(
      `flowchart LR\n  I[Open me] --> J[Call me]\n  click I href "${origin}/click-link" _blank\n  click J call alert(1)`,
    ),
    "classDef and style url() (Mermaid's flowchart grammar refuses them: shown as source):",
    fence(
      `flowchart LR\n  K --> L\n  classDef evil fill:url(${origin}/classdef.png)\n  class K evil\n  style L fill:url(${origin}/style.png)`,
    ),
    "",
  ].join("\n");
}

let counter: Counter;
let stack: Stack;
let browser: Browser;
let courseUrl = "";

beforeAll(async () => {
  counter = await startCounter();
  stack = await startStack({
    cliOpen: true,
    appendToFirstChapter: hostileLesson(counter.origin),
    log: (l) => process.stdout.write(`${l}\n`),
  });
  stack.git.createRepo("planted", layeredRepo(2));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  process.stdout.write(
    `security e2e: the counting server saw ${counter?.requests.length} requests ${JSON.stringify(counter?.requests)}\n`,
  );
  await browser?.close();
  await stack?.close();
  await counter?.close();
});

const SECURITY_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "permissions-policy",
  "cross-origin-opener-policy",
];

/** The CSP as a map of directive → sources. */
function parseCsp(value: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (value ?? "").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

function expectCommonHeaders(url: string, headers: Headers) {
  for (const name of SECURITY_HEADERS) {
    expect(headers.get(name), `${name} on ${url}`).toBeTruthy();
  }
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("x-frame-options")).toBe("DENY");
  const csp = parseCsp(headers.get("content-security-policy"));
  expect(csp.get("frame-ancestors"), url).toEqual(["'none'"]);
  expect(csp.get("object-src"), url).toEqual(["'none'"]);
  expect(csp.get("img-src"), url).toEqual(expect.arrayContaining(["'self'", "data:"]));
  expect(csp.get("default-src"), url).toEqual(["'self'"]);
  expect(csp.get("base-uri"), url).toEqual(["'none'"]);
  return csp;
}

/** A _next/static script of the landing page. */
async function staticAsset(webUrl: string): Promise<string> {
  const html = await (await fetch(webUrl)).text();
  const src = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error("no /_next/static script on the landing page");
  return `${webUrl}${src}`;
}

describe("security headers, local mode (the e2e stack: next start, local sign-in, http)", () => {
  it("are on pages, the not-found page, API answers, static assets and a bad server action", async () => {
    const w = stack.webUrl;
    const targets: [string, RequestInit | undefined, number][] = [
      [`${w}/`, undefined, 200],
      [`${w}/sign-in`, undefined, 200],
      [`${w}/dashboard`, undefined, 200],
      [`${w}/courses/nope/nope`, undefined, 200],
      [`${w}/no-such-page`, undefined, 404],
      [`${w}/api/local-auth/jwks`, undefined, 200],
      [`${w}/api/local-auth/token`, undefined, 401],
      [await staticAsset(w), undefined, 200],
      [`${w}/_next/static/chunks/missing.js`, undefined, 404],
      [`${w}/`, { method: "POST", headers: { "next-action": "0".repeat(42) }, body: "[]" }, 409],
    ];
    for (const [url, init, status] of targets) {
      const response = await fetch(url, { ...init, redirect: "manual" });
      expect(response.status, `${init?.method ?? "GET"} ${url}`).toBe(status);
      const csp = expectCommonHeaders(url, response.headers);
      expect(csp.get("connect-src"), url).toEqual([
        "'self'",
        stack.convexUrl,
        stack.convexUrl.replace(/^http:/, "ws:"),
      ]);
      // Plain http on loopback: no HSTS, no upgrade of the http Convex URL.
      expect(response.headers.get("strict-transport-security"), url).toBeNull();
      expect(csp.has("upgrade-insecure-requests"), url).toBe(false);
      await response.arrayBuffer();
    }
  });

  it("puts a fresh nonce in the CSP of each page, the one on the page's scripts", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${stack.webUrl}/`);
      const csp = parseCsp(response.headers.get("content-security-policy"));
      const script = csp.get("script-src") ?? [];
      const nonce = script.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
      expect(nonce, "a nonce in script-src").toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(script).toContain("'strict-dynamic'");
      expect(script).not.toContain("'unsafe-inline'");
      expect(script).not.toContain("'unsafe-eval'");
      const html = await response.text();
      const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag, tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce ?? "");
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

describe("security headers, production (Clerk mode, offline)", () => {
  const FAPI = "clerk.fondation.example";
  const CONVEX = "https://happy-otter-123.convex.cloud";
  let child: ChildProcess | undefined;
  let url = "";

  beforeAll(async () => {
    const port = await pickFreePort();
    // localhost, not 127.0.0.1: Clerk's middleware rewrites to the request's URL as Next
    // sees it (http://localhost:<port>/…), which Next then fetches.
    url = `http://localhost:${port}`;
    child = spawn(
      process.execPath,
      [NEXT_BIN, "start", "--hostname", "localhost", "--port", `${port}`],
      {
        cwd: WEB_DIR,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from(`${FAPI}$`).toString("base64")}`,
          CLERK_SECRET_KEY: "sk_test_fondation_e2e_not_a_real_key",
          CONVEX_URL: CONVEX,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${url}/no-such-page`).then(
        (r) => r.status === 404,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`next start (Clerk mode) did not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("add HSTS, upgrade-insecure-requests and Clerk's origins, on pages, 404s and assets", async () => {
    for (const target of [
      "/",
      "/no-such-page",
      await staticAsset(url).then((u) => u.slice(url.length)),
    ]) {
      const response = await fetch(`${url}${target}`, { redirect: "manual" });
      const csp = expectCommonHeaders(target, response.headers);
      expect(response.headers.get("strict-transport-security"), target).toBe(
        "max-age=63072000; includeSubDomains",
      );
      expect(csp.has("upgrade-insecure-requests"), target).toBe(true);
      expect(csp.get("connect-src"), target).toEqual(
        expect.arrayContaining([
          "'self'",
          CONVEX,
          "wss://happy-otter-123.convex.cloud",
          `https://${FAPI}`,
        ]),
      );
      expect(csp.get("img-src"), target).toEqual(["'self'", "data:", "https://img.clerk.com"]);
      expect(csp.get("script-src"), target).toEqual(expect.arrayContaining([`https://${FAPI}`]));
      expect(csp.get("frame-src"), target).toContain("https://challenges.cloudflare.com");
      await response.arrayBuffer();
    }
  });
});

/** Every diagram on the page has finished (drawn or failed). */
async function waitForDiagrams(page: Page) {
  await page.locator("figure.mermaid-diagram").first().waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('figure.mermaid-diagram[data-state="loading"]').length === 0,
  );
}

/** CSP violations reported in the page from now on. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
      );
    });
  });
}
/**
 * CSP violations the page reported, except zod's one-time probe of `new Function("")` (it
 * catches the refusal and uses its interpreter; web/src/components/Providers.tsx turns the
 * probe off, but on a fresh load a schema module can be evaluated before it). Each eval
 * refusal is checked to be that probe, in the served chunk, at the reported position.
 */
async function violations(page: Page): Promise<string[]> {
  const all = await page.evaluate(
    () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
  );
  const left: string[] = [];
  for (const v of all) {
    const m = /^script-src eval at (\S+):(\d+):(\d+) $/.exec(v);
    if (m?.[1] && m[2] && m[3]) {
      const line = (await (await fetch(m[1])).text()).split("\n")[Number(m[2]) - 1] ?? "";
      const at = line.slice(Math.max(0, Number(m[3]) - 120), Number(m[3]) + 40);
      if (at.includes("jitless") && at.includes('Function("")')) continue;
    }
    left.push(v);
  }
  return left;
}

describe("Mermaid in a course lesson cannot make the reader's browser load anything", () => {
  it("renders the planted lesson: 0 requests to the counting server, the ordinary diagram drawn", async () => {
    const context = await browser.newContext({
      locale: "en-US",
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await recordViolations(page);
    await signIn(page, stack.webUrl, "mallory");
    await addRepository(page, stack.git.url("planted"));
    await requestCourse(page);
    courseUrl = await finishAndOpenCourse(page, stack);
    await page.getByRole("heading", { name: "Planted diagrams" }).waitFor();
    await waitForDiagrams(page);
    await page.waitForTimeout(1_000);

    // The ordinary diagram: an SVG with its three nodes and their labels.
    const ordinary = page.locator("figure.mermaid-diagram", { hasText: "Reader" }).first();
    await expect(ordinary.getAttribute("data-state")).resolves.toBe("drawn");
    const drawn = await ordinary.evaluate((el) => ({
      nodes: el.querySelectorAll("svg .node").length,
      text: el.querySelector("svg")?.textContent ?? "",
    }));
    expect(drawn.nodes).toBe(3);
    expect(drawn.text).toMatch(/Reader.*Lesson.*Quiz|Reader[\s\S]*Lesson[\s\S]*Quiz/);

    // Nothing in any drawn diagram references another origin or holds HTML. The only links
    // are the reader's own from a node to a lesson of this course (diagramLinks.ts).
    const coursePath = new URL(page.url()).pathname.replace(/\/[^/]+$/, "");
    const found = await page.evaluate((course) => {
      const out: string[] = [];
      const lessonLink = (el: Element) =>
        el.tagName.toLowerCase() === "a" &&
        el.getAttribute("class") === "diagram-link" &&
        el.getAttributeNames().every((n) => n === "href" || n === "class") &&
        new RegExp(`^${course}/[^/?#:]+$`).test(el.getAttribute("href") ?? "");
      for (const svg of document.querySelectorAll("figure.mermaid-diagram svg")) {
        for (const el of svg.querySelectorAll("img, image, foreignObject, a, iframe, script")) {
          if (!lessonLink(el)) out.push(`<${el.tagName}>`);
        }
        for (const el of [svg, ...svg.querySelectorAll("*")]) {
          for (const attr of el.getAttributeNames()) {
            const v = el.getAttribute(attr) ?? "";
            if (lessonLink(el) && attr === "href") continue;
            if (/url\(\s*['"]?(?!#)/i.test(v) || /^(?:xlink:)?href$|^src$/i.test(attr))
              out.push(`${attr}=${v}`);
          }
        }
        for (const style of svg.querySelectorAll("style")) {
          if (/url\(\s*['"]?(?!#)|@import/i.test(style.textContent ?? ""))
            out.push("style with url()/@import");
        }
      }
      return out;
    }, coursePath);
    expect(found).toEqual([]);
    expect(counter.requests).toEqual([]);
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it("loads nothing either with the CSP bypassed (Mermaid's own lock)", async () => {
    const context = await browser.newContext({ locale: "en-US", bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, stack.webUrl, "mallory");
    await page.goto(courseUrl);
    await page.getByRole("heading", { name: "Planted diagrams" }).waitFor();
    await waitForDiagrams(page);
    await page.waitForTimeout(1_000);
    expect(counter.requests).toEqual([]);
    // Clicking the node that carried the click link navigates nowhere.
    const before = page.url();
    const node = page.locator("figure.mermaid-diagram svg .node", { hasText: "Open me" });
    await node.click();
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    expect(context.pages()).toHaveLength(1);
    expect(counter.requests).toEqual([]);
    await context.close();
  });

  it("still draws the diagrams right: screenshots, desktop and 390 px, light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      for (const [name, viewport] of [
        ["desktop", { width: 1280, height: 900 }],
        ["mobile", { width: 390, height: 844 }],
      ] as const) {
        const context = await browser.newContext({
          locale: "en-US",
          viewport,
          colorScheme: scheme,
        });
        const page = await context.newPage();
        await recordViolations(page);
        await signIn(page, stack.webUrl, "mallory");
        await page.goto(courseUrl);
        await page.getByRole("heading", { name: "Planted diagrams" }).waitFor();
        await waitForDiagrams(page);
        await screenshot(page, `security-lesson-${name}-${scheme}`);
        const states = await page
          .locator("figure.mermaid-diagram")
          .evaluateAll((els) => els.map((e) => e.getAttribute("data-state")));
        expect(states.filter((s) => s === "drawn").length).toBeGreaterThan(1);
        expect(await violations(page)).toEqual([]);
        await context.close();
      }
    }
    expect(counter.requests).toEqual([]);
  });
});
