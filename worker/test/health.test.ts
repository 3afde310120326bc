import { afterEach, describe, expect, it } from "vitest";
import { type HealthServer, type HealthStatus, startHealthServer } from "../src/health/server.ts";

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const status: HealthStatus = {
  workerId: "w1",
  version: "0.1.0",
  connected: true,
  draining: false,
  startedAt: Date.now() - 1_000,
  lastClaimAt: 123,
  maxConcurrentJobs: 2,
  jobs: [{ jobId: "j1", attempt: 1, phase: "analyzing", startedAt: 100 }],
  jobsFinished: 4,
  problem: null,
};

async function get(path: string) {
  const res = await fetch(`http://127.0.0.1:${server?.port}${path}`);
  return { code: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("health server", () => {
  it("answers liveness, readiness and status", async () => {
    let current = { ...status };
    server = await startHealthServer({ port: 0, host: "127.0.0.1", status: () => current });
    expect(await get("/healthz")).toEqual({ code: 200, body: { ok: true } });
    expect((await get("/readyz")).code).toBe(200);
    const s = await get("/status");
    expect(s.body).toMatchObject({
      workerId: "w1",
      lastClaimAt: 123,
      freeSlots: 1,
      jobsFinished: 4,
    });
    expect(s.body.jobs).toEqual([{ jobId: "j1", attempt: 1, phase: "analyzing", startedAt: 100 }]);

    current = { ...status, connected: false };
    expect(await get("/readyz")).toMatchObject({
      code: 503,
      body: { ok: false, connected: false },
    });
    current = { ...status, draining: true };
    expect((await get("/readyz")).code).toBe(503);
    current = { ...status, problem: "Wrong worker secret" };
    expect(await get("/readyz")).toMatchObject({
      code: 503,
      body: { problem: "Wrong worker secret" },
    });
    expect((await get("/healthz")).code).toBe(200);
    expect((await get("/nope")).code).toBe(404);
  });
});
