/**
 * `fondation mcp` end to end: the SDK's own Client spawns the real CLI over stdio and calls
 * its tools. Any byte on stdout that is not a protocol message would break the client's
 * parsing, so a passing run also shows stdout carries the protocol alone.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASK_REPO, writeAskCourse } from "./helpers/ask-course.ts";
import { MAIN } from "./helpers/cli.ts";
import { makeTree } from "./helpers/tree.ts";
import { requestText, type Standin, startAnthropicStandin } from "./support/anthropic-standin.ts";

const repo = makeTree(ASK_REPO);
const course = makeTree({});
writeAskCourse(course.root);

function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("ANTHROPIC_")) env[k] = v;
  return { ...env, ...extra };
}

async function connect(env: Record<string, string>, onStderr: (d: string) => void) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MAIN, "mcp", course.root, "--repo", repo.root],
    env,
    stderr: "pipe",
  });
  transport.stderr?.on("data", (d) => onStderr(String(d)));
  const client = new Client({ name: "fondation-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
}

describe("fondation mcp over stdio", () => {
  let client: Client;
  let stderr = "";

  beforeAll(async () => {
    client = await connect(childEnv(), (d) => {
      stderr += d;
    });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
  });

  it("lists its five tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "ask",
      "list_courses",
      "read_lesson",
      "read_outline",
      "search",
    ]);
    const search = tools.find((t) => t.name === "search");
    expect(search?.inputSchema.required).toEqual(["query"]);
  });

  it("search returns ranked declarations with their citation", async () => {
    const result = (await client.callTool({
      name: "search",
      arguments: { query: "refresh the token", limit: 3 },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const results = (result.structuredContent as { results: Array<Record<string, unknown>> })
      .results;
    expect(results[0]).toMatchObject({
      kind: "declaration",
      name: "refreshToken",
      citation: "src/auth/session.ts:5-9",
    });
    expect(text(result)).toContain("`src/auth/session.ts:5-9`");
  });

  it("read_outline and read_lesson give the course's own text", async () => {
    const outline = (await client.callTool({
      name: "read_outline",
      arguments: {},
    })) as CallToolResult;
    expect(text(outline)).toContain("Sessions and tokens (slug: sessions)");
    const lesson = (await client.callTool({
      name: "read_lesson",
      arguments: { slug: "cache" },
    })) as CallToolResult;
    expect(lesson.isError).toBeFalsy();
    expect(text(lesson)).toContain("`src/store/cache.py:8-10`");
  });

  it("a bad lesson id or course id is a tool error that says what exists, and the server lives on", async () => {
    const bad = (await client.callTool({
      name: "read_lesson",
      arguments: { slug: "no-such-lesson" },
    })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/No lesson "no-such-lesson".*sessions, cache/);
    const other = (await client.callTool({
      name: "read_outline",
      arguments: { course: "elsewhere" },
    })) as CallToolResult;
    expect(other.isError).toBe(true);
    expect(text(other)).toContain('this server serves one course, "demo"');
    const courses = (await client.callTool({
      name: "list_courses",
      arguments: {},
    })) as CallToolResult;
    expect((courses.structuredContent as { courses: Array<{ id: string }> }).courses[0]?.id).toBe(
      "demo",
    );
  });

  it("ask answers offline with citations that resolve, labelled as not from a model", async () => {
    const result = (await client.callTool({
      name: "ask",
      arguments: { question: "How are old cache entries evicted?" },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent as { mode: string; citations: string[]; notice: string };
    expect(s.mode).toBe("offline");
    expect(s.notice).toMatch(/^Not written by a model/);
    expect(s.citations).toContain("src/store/cache.py:8-10");
    expect(text(result)).toContain("def evict_oldest(self):");
    expect(stderr).toContain('serving the course "demo"');
  });
});

describe("fondation mcp's ask with a key (against the API stand-in)", () => {
  let standin: Standin;
  let client: Client;
  // The text streamed to the client as progress; the stand-in ends its stream only once the
  // client holds it all, so the result cannot arrive in the same read as the last progress
  // (the SDK client drops a progress notification it reads after the result).
  const progress: string[] = [];
  let streamedAll: () => void = () => {};
  const allStreamed = new Promise<void>((resolve) => {
    streamedAll = resolve;
  });

  beforeAll(async () => {
    standin = await startAnthropicStandin({
      apiKey: "test-key",
      holdBeforeStop: () => allStreamed,
      // Cites the first excerpt it was given, and one range that is not in the repository.
      script: (request) => {
        const given = /cite="([^"]+)"/.exec(requestText(request.body))?.[1] ?? "none";
        return {
          type: "text",
          text: `Evicted by \`${given}\`, see also \`src/store/cache.py:70-80\`.`,
        };
      },
    });
    client = await connect(
      childEnv({ ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: standin.url }),
      () => {},
    );
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await standin?.close();
    repo.cleanup();
    course.cleanup();
  });

  it("streams the model's text as progress and returns only citations that resolve", async () => {
    const result = (await client.callTool(
      { name: "ask", arguments: { question: "How are old cache entries evicted?" } },
      undefined,
      {
        onprogress: (p) => {
          progress.push(p.message ?? "");
          if (progress.join("").includes("70-80`.")) streamedAll();
        },
      },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(standin.requests).toHaveLength(1);
    expect(standin.requests[0]?.rejected).toBeUndefined();
    const s = result.structuredContent as {
      mode: string;
      citations: string[];
      unresolved: Array<{ citation: string }>;
    };
    expect(s.mode).toBe("model");
    expect(s.citations).toEqual(["src/store/cache.py:8-10"]);
    expect(s.unresolved.map((u) => u.citation)).toEqual(["src/store/cache.py:70-80"]);
    // Every delta, in order (the stand-in held its end until they had all arrived).
    expect(progress.join("")).toBe(
      "Evicted by `src/store/cache.py:8-10`, see also `src/store/cache.py:70-80`.",
    );
  });
});
