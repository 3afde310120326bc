import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newRun, startTarget, type Target } from "./target.ts";

// POST /api/run/{module}/{function} as https://docs.convex.dev/http-api/ documents it: the
// function named in the path, `{ args, format }` in the body, `{ status, value, logLines }`
// or `{ status: "error", errorMessage, errorData }` back, values in the "json" format.

describe("POST /api/run", () => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(async () => {
    await target?.stop();
  });

  const run = async (fn: string, body: unknown) => {
    const response = await fetch(`${target.url}/api/run/${fn}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  test("runs a mutation and a query named in the path", async () => {
    const token = newRun();
    const added = await run("typeImports/add", { args: { run: token, name: "via run" } });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ status: "success", value: expect.any(String) });
    const listed = await run("typeImports/names", { args: { run: token }, format: "json" });
    expect(listed.json).toMatchObject({ status: "success", value: ["via run"] });
  });

  test("returns values in the json format: int64 as a string, bytes as base64", async () => {
    const { json } = await run("limits/kinds", { args: {} });
    expect(json.value).toEqual({ int: "5", float: 1.5, bytes: "ABCD", list: [null, true] });
  });

  test("reports a function's failure with its message", async () => {
    const { json } = await run("validation/typed", { args: {} });
    expect(json.status).toBe("error");
    expect(json.errorMessage).toContain(
      "ArgumentValidationError: Object is missing the required field `name`.",
    );
  });

  test("refuses a path without a function name", async () => {
    const { status } = await run("typeImports", { args: {} });
    expect(status).toBe(400);
  });
});
