import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { ConvexHttpClient } from "convex/browser";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalConvex } from "../src/index.ts";
import { fn, startChat } from "./helpers.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let server: LocalConvex;
let site: Server;
let siteUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  server = await startChat();
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./browser/app.tsx", import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  site = createServer((req, res) => {
    if (req.url?.startsWith("/app.js")) {
      res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
    } else {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end('<!doctype html><div id="root"></div><script type="module" src="/app.js"></script>');
    }
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  site?.close();
  await server?.stop();
});

const texts = (page: Page, list: string) => page.locator(`${list} li`).allTextContents();

describe("ConvexReactClient in headless Chromium", () => {
  it("renders useQuery, useMutation and usePaginatedQuery results and their updates", async () => {
    const http = new ConvexHttpClient(server.url, { logger: false });
    for (const body of ["one", "two", "three"]) {
      await http.mutation(fn.send, { channel: "web", author: "node", body });
    }
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${siteUrl}/?convex=${encodeURIComponent(server.url)}`);

    await page.waitForFunction(() => document.querySelectorAll("#list li").length === 3);
    expect(await texts(page, "#list")).toEqual(["three", "two", "one"]);
    await page.waitForFunction(() => document.querySelectorAll("#pages li").length === 2);
    expect(await page.locator("#status").textContent()).toBe("CanLoadMore");

    // useMutation: the write shows in the live query and at the top of the pinned first page.
    await page.click("#send");
    await page.waitForFunction(() => document.querySelector("#sent")?.textContent === "1");
    expect((await texts(page, "#list"))[0]).toBe("from the browser");
    await page.waitForFunction(() => document.querySelectorAll("#pages li").length === 3);
    expect(await texts(page, "#pages")).toEqual(["from the browser", "three", "two"]);

    // A write from another client is pushed to the page.
    await http.mutation(fn.send, { channel: "web", author: "node", body: "from node" });
    await page.waitForFunction(
      () => document.querySelector("#list li")?.textContent === "from node",
    );

    await page.click("#more");
    await page.waitForFunction(
      () => document.querySelector("#status")?.textContent === "Exhausted",
    );
    expect(await texts(page, "#pages")).toEqual([
      "from node",
      "from the browser",
      "three",
      "two",
      "one",
    ]);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
