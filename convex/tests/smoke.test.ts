import { expect, test } from "vitest";
import { api } from "../_generated/api";
import { claimedJob, setup } from "./harness.testkit.ts";

test("smoke", async () => {
  const { t, alice } = setup();
  const { claim } = await claimedJob(t, alice);
  expect(claim.attempt).toBe(1);
  const jobs = await alice.query(api.jobs.active, {});
  expect(jobs[0]?.status).toBe("claimed");
});
