import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, jobLogger } from "../src/logger.ts";
import { makeRedactor, redactUrl } from "../src/redact.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe("redactor", () => {
  it("removes known values, URL credentials and token shapes", () => {
    const redact = makeRedactor(["my-worker-secret-value"]);
    const text = redact(
      "secret my-worker-secret-value at https://x-access-token:gho_abc@github.com/o/r.git " +
        "with ghp_0123456789abcdefghijABCDEFGHIJ and Authorization: Bearer abc.def.ghi123 key sk-ant-api03-xyzxyzxyz",
    );
    expect(text).not.toContain("my-worker-secret-value");
    expect(text).not.toContain("gho_abc");
    expect(text).not.toContain("ghp_0123456789");
    expect(text).not.toContain("abc.def.ghi123");
    expect(text).not.toContain("sk-ant-api03");
    expect(text).toContain("https://[redacted]@github.com/o/r.git");
    expect(text).toContain("Bearer [redacted]");
  });

  it("strips credentials from URLs", () => {
    expect(redactUrl("https://user:pass@example.com/a.git")).toBe("https://example.com/a.git");
    expect(redactUrl("https://example.com/a.git")).toBe("https://example.com/a.git");
  });
});

describe("logger", () => {
  it("carries jobId and attempt and censors secrets in fields, messages and errors", async () => {
    const { lines, destination } = capture();
    const logger = await createLogger({ secrets: ["the-worker-secret-1234"], destination });
    const log = jobLogger(logger, "job_1", 2);
    log.info({ token: "ghp_visible", headers: { authorization: "Basic abc" } }, "hello");
    log.warn("clone failed with the-worker-secret-1234");
    log.error({ err: new Error("auth https://u:p@host/x failed") }, "boom");
    log.info({ stderr: "tail with the-worker-secret-1234" }, "cli");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      jobId: "job_1",
      attempt: 2,
      token: "[redacted]",
      msg: "hello",
    });
    expect((lines[0]?.headers as Record<string, string> | undefined)?.authorization).toBe(
      "[redacted]",
    );
    const all = JSON.stringify(lines);
    expect(all).not.toContain("the-worker-secret-1234");
    expect(all).not.toContain("ghp_visible");
    expect(all).not.toContain("u:p@");
  });
});
