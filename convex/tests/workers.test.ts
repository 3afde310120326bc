/** Workers announce whether they have a model key; workers.mode tells signed-in users. */
import { afterEach, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { WORKER_SEEN_WITHIN_MS } from "../workers.ts";
import { errorData, SECRET, setup } from "./harness.testkit.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

test("no worker seen: unknown; only offline workers: offline; one with a key: model", async () => {
  const { t, alice } = setup();
  expect(await alice.query(api.workers.mode, {})).toBe("unknown");
  await t.mutation(api.workerApi.announce, { secret: SECRET, workerId: "w1", offline: true });
  expect(await alice.query(api.workers.mode, {})).toBe("offline");
  await t.mutation(api.workerApi.announce, { secret: SECRET, workerId: "w2", offline: false });
  expect(await alice.query(api.workers.mode, {})).toBe("model");
  // An announce again updates the worker's row, it does not add one.
  await t.mutation(api.workerApi.announce, { secret: SECRET, workerId: "w2", offline: true });
  expect(await alice.query(api.workers.mode, {})).toBe("offline");
  expect(await t.run((ctx) => ctx.db.query("workers").collect())).toHaveLength(2);
  // A signed-out caller learns nothing.
  expect(await t.query(api.workers.mode, {})).toBe("unknown");
});

test("a worker not seen for a while no longer counts", async () => {
  vi.useFakeTimers();
  const { t, alice } = setup();
  await t.mutation(api.workerApi.announce, { secret: SECRET, workerId: "old", offline: false });
  vi.advanceTimersByTime(WORKER_SEEN_WITHIN_MS + 1_000);
  await t.mutation(api.workerApi.announce, { secret: SECRET, workerId: "new", offline: true });
  expect(await alice.query(api.workers.mode, {})).toBe("offline");
});

test("announce needs the worker secret and a bounded id", async () => {
  const { t, alice } = setup();
  await expect(
    t.mutation(api.workerApi.announce, { secret: "wrong", workerId: "w", offline: false }),
  ).rejects.toThrow();
  expect(
    await errorData(
      t.mutation(api.workerApi.announce, { secret: SECRET, workerId: "", offline: false }),
    ),
  ).toMatchObject({ code: "invalid_argument" });
  expect(await alice.query(api.workers.mode, {})).toBe("unknown");
});
