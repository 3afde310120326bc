/** The MCP route's pieces that need no server: the bearer header, the 401, the answer text. */
import { describe, expect, test } from "vitest";
import { bearerToken, unauthorized } from "@/lib/mcp/auth.ts";
import { ToolError } from "@/lib/mcp/backend.ts";
import { answerOutput } from "@/lib/mcp/tools.ts";
import { mcpConfigSnippet, mcpUrl } from "@/lib/mcpConfig.ts";

const TOKEN = `fnd_mcp_${"a".repeat(43)}`;

function withAuth(value?: string) {
  return new Request("http://app.test/api/mcp", {
    method: "POST",
    headers: value === undefined ? {} : { authorization: value },
  });
}

describe("MCP over HTTP", () => {
  test("the token is read from a Bearer Authorization header only", () => {
    expect(bearerToken(withAuth(`Bearer ${TOKEN}`))).toBe(TOKEN);
    expect(bearerToken(withAuth(`bearer   ${TOKEN} `))).toBe(TOKEN);
    for (const bad of [
      undefined,
      "",
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN} extra`,
      `Bearer ${"x".repeat(300)}`,
    ]) {
      expect(bearerToken(withAuth(bad))).toBeNull();
    }
  });

  test("a refusal is 401 with WWW-Authenticate and a JSON-RPC error saying what to do", async () => {
    const response = unauthorized("missing");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="fondation-mcp"/);
    const body = await response.json();
    expect(body).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32001 } });
    expect(body.error.message).toMatch(/Authorization: Bearer <token>/);
    expect((await unauthorized("refused", "Revoked.").json()).error.message).toBe("Revoked.");
  });

  test("the settings page's URL and config hold the token once, as clients read it", () => {
    const url = mcpUrl("https://app.test/");
    expect(url).toBe("https://app.test/api/mcp");
    expect(JSON.parse(mcpConfigSnippet(url, TOKEN))).toEqual({
      mcpServers: {
        fondation: { type: "http", url, headers: { Authorization: `Bearer ${TOKEN}` } },
      },
    });
  });

  const state = {
    _id: "q1",
    _creationTime: 0,
    threadId: "q1",
    courseId: "c1",
    question: "Where?",
    status: "answered",
    attempt: 1,
    maxAttempts: 3,
    answer: "In `src/a.ts:1-2`.",
    citations: [{ path: "src/a.ts", start: 1, end: 2 }],
    writtenBy: "model",
    createdAt: 0,
    updatedAt: 0,
  } as unknown as Parameters<typeof answerOutput>[0];

  test("an answer ends with the lines it cites; a failed or canceled one is a tool error", () => {
    const out = answerOutput(state);
    expect(out.text).toBe("In `src/a.ts:1-2`.\n\nSources: `src/a.ts:1-2`");
    expect(out.structured).toMatchObject({ mode: "model", citations: ["src/a.ts:1-2"] });
    expect(answerOutput({ ...state, writtenBy: "retrieval" }).text).toMatch(
      /^> Written without a model/,
    );
    expect(() =>
      answerOutput({ ...state, status: "failed", error: { code: "x", message: "boom" } }),
    ).toThrow(
      new ToolError("The question could not be answered: boom. Ask again later.", "failed"),
    );
    expect(() => answerOutput({ ...state, status: "canceled" })).toThrow(ToolError);
  });
});
