/**
 * The GitHub push webhook (issue 15): only a delivery signed with the repository's current
 * secret does anything; each delivery id does it once; only a push to the default branch
 * queues a refresh; the owner alone sees the settings, and the secret only once.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { signatureHeader } from "../lib/webhookSignature.ts";
import { WEBHOOK_DELIVERY_TTL_MS } from "../maintenance.ts";
import { COMMIT, publishedCourse } from "./course.testkit.ts";
import { addRepo, errorData, setup, type T, type UserT } from "./harness.testkit.ts";
import {
  deliver,
  enableHook,
  jobsOf,
  NEW_COMMIT,
  pushBody,
  SITE,
  stubSite,
} from "./webhook.testkit.ts";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

/** Alice's repository with a published course at COMMIT, and its webhook on. */
async function hooked(t: T, alice: UserT) {
  stubSite();
  const { repositoryId, courseId } = await publishedCourse(t, alice);
  const hook = await enableHook(alice, repositoryId);
  return { repositoryId, courseId, ...hook };
}

describe("signature", () => {
  test("a push signed with the secret queues a refresh of the latest course at the pushed commit", async () => {
    const { t, alice } = setup();
    const { repositoryId, courseId, path, secret } = await hooked(t, alice);
    const answer = await deliver(t, path, { secret, deliveryId: "d-valid" });
    expect(answer).toMatchObject({ status: 200, text: "Refresh queued." });
    expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
    const jobs = await jobsOf(t, repositoryId);
    expect(jobs).toHaveLength(2);
    const refresh = jobs[1];
    expect(refresh).toMatchObject({ status: "queued", previousCourseId: courseId, active: true });
    const settings = await alice.query(api.webhooks.settings, { repositoryId });
    expect(settings?.lastDelivery).toMatchObject({
      deliveryId: "d-valid",
      event: "push",
      outcome: "queued",
    });
    const { events } = await alice.query(api.jobEvents.tail, { jobId: refresh?._id as never });
    expect(events[0]?.message).toBe(
      `Refresh requested by a push to main (${NEW_COMMIT.slice(0, 7)}).`,
    );
  });

  test("a wrong secret, a missing signature or a malformed one is 401 and writes nothing", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    const cases = [
      { secret: "not-the-secret" },
      { secret: null },
      { secret, signature: "sha1=0123" },
      { secret, signature: "sha256=zz" },
    ];
    for (const delivery of cases) {
      const answer = await deliver(t, path, delivery);
      expect(answer.status, JSON.stringify(delivery.signature ?? delivery.secret)).toBe(401);
      expect(answer.text).toMatch(/signature/i);
    }
    // A body changed after signing: the signature of the original no longer holds.
    const signed = await deliver(t, path, { secret, body: pushBody(), event: "ping" });
    expect(signed.status).toBe(200);
    const tampered = await deliver(t, path, {
      secret: null,
      signature: await signatureHeader(secret, new TextEncoder().encode(pushBody())),
      body: pushBody({ after: "a".repeat(40) }),
    });
    expect(tampered.status).toBe(401);
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
    const settings = await alice.query(api.webhooks.settings, { repositoryId });
    expect(settings?.lastDelivery?.event).toBe("ping");
  });

  test("an unknown hook and a disabled one are 404", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    expect(
      (await deliver(t, "/github/webhook/0123456789abcdef0123456789abcdef", { secret })).status,
    ).toBe(404);
    expect((await deliver(t, "/github/webhook/not-a-hook", { secret })).status).toBe(404);
    await alice.mutation(api.webhooks.disable, { repositoryId });
    const answer = await deliver(t, path, { secret });
    expect(answer).toMatchObject({ status: 404, text: "Unknown or disabled webhook." });
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });

  test("a body over 25 MB is refused with 413", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    const body = "x".repeat(25 * 1024 * 1024 + 1);
    const answer = await deliver(t, path, { secret, body, signature: "sha256=" + "0".repeat(64) });
    expect(answer.status).toBe(413);
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });
});

describe("what a signed delivery does", () => {
  test("a replayed delivery id is 200 'already processed' and queues no second job", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    expect((await deliver(t, path, { secret, deliveryId: "d-1" })).status).toBe(200);
    // Cancel the refresh so a second job could be created, then replay the same delivery,
    // even with another (validly signed) body.
    const [, refresh] = await jobsOf(t, repositoryId);
    await alice.mutation(api.jobs.cancel, { jobId: refresh?._id as never });
    const again = await deliver(t, path, { secret, deliveryId: "d-1" });
    expect(again).toMatchObject({
      status: 200,
      text: "Already processed: this delivery id was handled before.",
    });
    const other = await deliver(t, path, {
      secret,
      deliveryId: "d-1",
      body: pushBody({ after: "b".repeat(40) }),
    });
    expect(other.status).toBe(200);
    expect(other.text).toMatch(/Already processed/);
    expect(await jobsOf(t, repositoryId)).toHaveLength(2);
  });

  test("ping is 200 and recorded; another event is 202, ignored and recorded", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    const ping = await deliver(t, path, {
      secret,
      event: "ping",
      body: '{"zen":"Keep it logically awesome."}',
    });
    expect(ping).toMatchObject({ status: 200, text: "Pong: the webhook is set up." });
    expect(
      (await alice.query(api.webhooks.settings, { repositoryId }))?.lastDelivery?.outcome,
    ).toBe("ping");
    const issues = await deliver(t, path, { secret, event: "issues", body: '{"action":"opened"}' });
    expect(issues.status).toBe(202);
    expect(issues.text).toMatch(/^Ignored/);
    expect(
      (await alice.query(api.webhooks.settings, { repositoryId }))?.lastDelivery,
    ).toMatchObject({
      event: "issues",
      outcome: "ignored_event",
    });
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });

  test("a push to another branch, or deleting the branch, is 202 and queues nothing", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    const feature = await deliver(t, path, {
      secret,
      body: pushBody({ ref: "refs/heads/feature" }),
    });
    expect(feature).toMatchObject({
      status: 202,
      text: "Ignored: the push is not to the default branch.",
    });
    const tag = await deliver(t, path, { secret, body: pushBody({ ref: "refs/tags/main" }) });
    expect(tag.status).toBe(202);
    const deleted = await deliver(t, path, {
      secret,
      body: pushBody({ deleted: true, after: "0".repeat(40) }),
    });
    expect(deleted.status).toBe(202);
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
    expect(
      (await alice.query(api.webhooks.settings, { repositoryId }))?.lastDelivery?.outcome,
    ).toBe("ignored_deleted");
  });

  test("the repository's own default branch wins over the payload's", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    await t.run(async (ctx) => await ctx.db.patch(repositoryId, { defaultBranch: "trunk" }));
    expect((await deliver(t, path, { secret })).status).toBe(202);
    const trunk = await deliver(t, path, { secret, body: pushBody({ ref: "refs/heads/trunk" }) });
    expect(trunk.status).toBe(200);
    expect(await jobsOf(t, repositoryId)).toHaveLength(2);
  });

  test("a push at the commit the latest course has does nothing", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    const answer = await deliver(t, path, { secret, body: pushBody({ after: COMMIT }) });
    expect(answer).toMatchObject({
      status: 200,
      text: "Up to date: the latest course is at this commit.",
    });
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });

  test("a push that is not a push payload is 400", async () => {
    const { t, alice } = setup();
    const { path, secret } = await hooked(t, alice);
    expect((await deliver(t, path, { secret, body: "{not json" })).status).toBe(400);
    expect(
      (await deliver(t, path, { secret, body: '{"ref":"refs/heads/main","after":"HEAD"}' })).status,
    ).toBe(400);
  });

  test("a form-encoded push (GitHub's other content type) is read from its payload field", async () => {
    const { t, alice } = setup();
    const { repositoryId, path, secret } = await hooked(t, alice);
    const body = `payload=${encodeURIComponent(pushBody())}`;
    const bytes = new TextEncoder().encode(body);
    const response = await t.fetch(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": "form-1",
        "X-Hub-Signature-256": await signatureHeader(secret, bytes),
      },
      body: bytes,
    });
    expect(response.status).toBe(200);
    expect(await jobsOf(t, repositoryId)).toHaveLength(2);
  });

  test("old deliveries are purged, and only then may an id be processed again", async () => {
    const { t, alice } = setup();
    const { path, secret } = await hooked(t, alice);
    await deliver(t, path, { secret, event: "ping", body: "{}", deliveryId: "old" });
    expect(await t.mutation(internal.maintenance.purgeWebhookDeliveries, {})).toBe(0);
    await t.run(async (ctx) => {
      const row = await ctx.db.query("webhookDeliveries").first();
      if (row) await ctx.db.patch(row._id, { at: Date.now() - WEBHOOK_DELIVERY_TTL_MS - 1 });
    });
    expect(await t.mutation(internal.maintenance.purgeWebhookDeliveries, {})).toBe(1);
    expect(await t.run(async (ctx) => await ctx.db.query("webhookDeliveries").collect())).toEqual(
      [],
    );
  });
});

describe("settings, enable, disable", () => {
  test("enable gives the URL on the site and a new secret each time; the old one stops verifying", async () => {
    const { t, alice } = setup();
    stubSite();
    const repositoryId = await addRepo(alice);
    expect(await alice.query(api.webhooks.settings, { repositoryId })).toBeNull();
    const first = await enableHook(alice, repositoryId);
    expect(first.url).toMatch(new RegExp(`^${SITE}/github/webhook/[0-9a-f]{32}$`));
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    const second = await enableHook(alice, repositoryId);
    expect(second.url).toBe(first.url);
    expect(second.secret).not.toBe(first.secret);
    expect(
      (await deliver(t, first.path, { secret: first.secret, event: "ping", body: "{}" })).status,
    ).toBe(401);
    expect(
      (await deliver(t, second.path, { secret: second.secret, event: "ping", body: "{}" })).status,
    ).toBe(200);

    const settings = await alice.query(api.webhooks.settings, { repositoryId });
    expect(settings).toMatchObject({ enabled: true, url: first.url });
    expect(JSON.stringify(settings)).not.toContain(second.secret);

    expect(await alice.mutation(api.webhooks.disable, { repositoryId })).toBeNull();
    const off = await alice.query(api.webhooks.settings, { repositoryId });
    expect(off).toMatchObject({
      enabled: false,
      url: first.url,
      lastDelivery: { outcome: "ping" },
    });
    expect(
      (await deliver(t, second.path, { secret: second.secret, event: "ping", body: "{}" })).status,
    ).toBe(404);
    // Turned on again: a fresh secret, the same URL.
    const third = await enableHook(alice, repositoryId);
    expect(third.url).toBe(first.url);
    expect(
      (await deliver(t, third.path, { secret: second.secret, event: "ping", body: "{}" })).status,
    ).toBe(401);
  });

  test("a repository added by URL gets a webhook too, verified the same way", async () => {
    const { t, alice } = setup();
    stubSite();
    const { repositoryId } = await alice.mutation(api.repositories.addByUrl, {
      url: "https://git.example.org/acme/widgets.git",
    });
    const { path, secret } = await enableHook(alice, repositoryId);
    expect((await deliver(t, path, { secret: "wrong" })).status).toBe(401);
    expect(await deliver(t, path, { secret })).toMatchObject({
      status: 200,
      text: "Refresh queued.",
    });
    expect(await jobsOf(t, repositoryId)).toHaveLength(1);
  });

  test("another user can neither read, enable nor disable the webhook of a repository", async () => {
    const { t, alice, bob } = setup();
    const { repositoryId, secret } = await hooked(t, alice);
    for (const call of [
      bob.query(api.webhooks.settings, { repositoryId }),
      bob.mutation(api.webhooks.enable, { repositoryId }),
      bob.mutation(api.webhooks.disable, { repositoryId }),
    ]) {
      expect((await errorData(call)).code).toBe("not_found");
    }
    const anonymous = await errorData(t.query(api.webhooks.settings, { repositoryId }));
    expect(anonymous.code).toBe("unauthenticated");
    const settings = await alice.query(api.webhooks.settings, { repositoryId });
    expect(settings?.enabled).toBe(true);
    expect(JSON.stringify(settings)).not.toContain(secret);
  });
});
