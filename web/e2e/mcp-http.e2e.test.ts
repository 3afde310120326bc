/**
 * The MCP server over Streamable HTTP (/api/mcp) against the local stack, driven by the
 * official SDK's own Client and StreamableHTTPClientTransport: a signed-in user creates a
 * token on /settings/mcp (shown once, with the URL and a config), the client lists the five
 * tools and calls list_courses, read_outline, read_lesson, search and ask (answered by the
 * stack's worker, offline: the retrieval answer); the list then shows the token as used.
 * Revoked from the page, the token is refused: the client's next request fails, and the
 * endpoint answers 401 with `WWW-Authenticate: Bearer` (also without a token, or a wrong one).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshot, seriousViolations, signIn } from "./support/browser.ts";
import { addRepository, finishAndOpenCourse, requestCourse } from "./support/flows.ts";
import { layeredRepo } from "./support/repos.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  stack.git.createRepo("served", layeredRepo(2));
  browser = await launchChromium();
  const context = await browser.newContext({
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

function mcpClient(token: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${stack.webUrl}/api/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  return { client: new Client({ name: "fondation-e2e", version: "1.0.0" }), transport };
}

/** A raw initialize request, to read the HTTP answer itself. */
async function rawInitialize(authorization?: string) {
  return await fetch(`${stack.webUrl}/api/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    }),
  });
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
  const body = (await response.json()) as { jsonrpc: string; error: { message: string } };
  expect(body.jsonrpc).toBe("2.0");
  expect(body.error.message).toMatch(/Settings › MCP tokens/);
}

type Text = { type: string; text: string }[];

/** Milliseconds per tool call, printed at the end (figures, not assertions). */
const timings: string[] = [];
async function timed<R>(label: string, work: () => Promise<R>): Promise<R> {
  const start = performance.now();
  const result = await work();
  timings.push(`${label} ${Math.round(performance.now() - start)} ms`);
  return result;
}

describe("MCP over HTTP", () => {
  it("a token made in the app serves the SDK's client, and is refused once revoked", async () => {
    await expectRefused(await rawInitialize());
    await expectRefused(await rawInitialize(`Bearer fnd_mcp_${"x".repeat(43)}`));

    await signIn(page, stack.webUrl, "agent-owner");
    await addRepository(page, stack.git.url("served"));
    await requestCourse(page);
    await finishAndOpenCourse(page, stack);

    await page.getByRole("link", { name: "MCP tokens" }).click();
    await page.getByRole("heading", { level: 1, name: "MCP tokens" }).waitFor();
    await page.getByText("No token yet.").waitFor();
    await page.getByLabel("Token name").fill("e2e agent");
    await page.getByRole("button", { name: "Create token" }).click();
    const tokenBox = page.getByRole("textbox", { name: "Token", exact: true });
    await tokenBox.waitFor();
    const token = await tokenBox.inputValue();
    expect(token).toMatch(/^fnd_mcp_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByRole("textbox", { name: /MCP server URL/ }).inputValue()).toBe(
      `${stack.webUrl}/api/mcp`,
    );
    expect(
      await page.getByRole("textbox", { name: "MCP client configuration" }).inputValue(),
    ).toContain(`"Authorization": "Bearer ${token}"`);
    await page.getByRole("button", { name: "Copy token" }).click();
    await page.getByText("Copied.").waitFor();
    const item = page.locator(".mcp-token", { hasText: "e2e agent" });
    await item.getByText("never used").waitFor();
    expect(await item.textContent()).toContain(token.slice(0, 12));
    expect(await item.textContent()).not.toContain(token);
    await screenshot(page, "mcp-token-created");
    expect(await seriousViolations(page, ["main"])).toEqual([]);

    const { client, transport } = mcpClient(token);
    await timed("connect", () => client.connect(transport));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ["ask", "list_courses", "read_lesson", "read_outline", "search"].sort(),
    );

    const listed = await timed("list_courses", () =>
      client.callTool({ name: "list_courses", arguments: {} }),
    );
    expect(listed.isError).toBeFalsy();
    const courses = (listed.structuredContent as { courses: { id: string; repository: string }[] })
      .courses;
    expect(courses).toHaveLength(1);
    const course = courses[0]?.id ?? "";

    const outline = await timed("read_outline", () =>
      client.callTool({ name: "read_outline", arguments: { course } }),
    );
    expect(outline.isError).toBeFalsy();
    const lessons = (outline.structuredContent as { lessons: { slug: string; title: string }[] })
      .lessons;
    expect(lessons.length).toBeGreaterThan(1);
    const first = lessons[0] ?? { slug: "", title: "" };

    // `course` may be left out: the user has one course.
    const lesson = await timed("read_lesson", () =>
      client.callTool({ name: "read_lesson", arguments: { slug: first.slug } }),
    );
    expect(lesson.isError).toBeFalsy();
    expect((lesson.content as Text)[0]?.text).toContain(first.title);
    const missing = await client.callTool({
      name: "read_lesson",
      arguments: { course, slug: "no-such-lesson" },
    });
    expect(missing.isError).toBe(true);
    expect((missing.content as Text)[0]?.text).toMatch(/no lesson "no-such-lesson"/);

    const word = first.title.split(/\W+/).find((w) => w.length >= 4) ?? first.title;
    const found = await timed("search", () =>
      client.callTool({ name: "search", arguments: { course, query: word } }),
    );
    expect(found.isError).toBeFalsy();
    const results = (found.structuredContent as { results: { lesson: string }[] }).results;
    expect(results.map((r) => r.lesson)).toContain(first.slug);

    // The stack's worker answers offline (retrieval): the tool waits for that answer.
    const asked = await timed("ask (to the worker's answer)", () =>
      client.callTool(
        { name: "ask", arguments: { course, question: `Where is ${word} explained?` } },
        undefined,
        { timeout: 150_000 },
      ),
    );
    expect((asked.content as Text)[0]?.text).not.toBe("");
    expect(asked.isError).toBeFalsy();
    expect(asked.structuredContent).toMatchObject({ mode: "retrieval" });
    await client.close();
    console.log(`web-e2e mcp-http: ${timings.join(", ")}`);

    // The list now says the token was used; revoking asks first.
    await page.reload();
    await item.getByText(/last used/).waitFor();
    await item.getByRole("button", { name: "Revoke the token e2e agent" }).click();
    await item.getByText(/Revoke “e2e agent”\?/).waitFor();
    expect(await seriousViolations(page, ["main"])).toEqual([]);
    await item.getByRole("button", { name: "Yes, revoke" }).click();
    await item.getByText(/revoked/).waitFor();

    const again = mcpClient(token);
    await expect(again.client.connect(again.transport)).rejects.toThrow(/401|MCP token/);
    await expectRefused(await rawInitialize(`Bearer ${token}`));
    await screenshot(page, "mcp-token-revoked");
  }, 400_000);
});
