/**
 * GitHub deliveries for the webhook tests: a push body, signed (or not) the way GitHub signs
 * it, posted through convex-test's `t.fetch` to the route of http.ts.
 */
import { vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { signatureHeader } from "../lib/webhookSignature.ts";
import type { T, UserT } from "./harness.testkit.ts";

export const SITE = "https://happy-otter-123.convex.site";
export const NEW_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

/** The deployment's site URL, as Convex sets it. */
export function stubSite(): void {
  vi.stubEnv("CONVEX_SITE_URL", SITE);
}

/** Turns the webhook on for `repositoryId`; its path on the site, and its secret. */
export async function enableHook(user: UserT, repositoryId: Id<"repositories">) {
  const { url, secret } = await user.mutation(api.webhooks.enable, { repositoryId });
  return { url, secret, path: url.slice(SITE.length) };
}

export function pushBody({
  ref = "refs/heads/main",
  after = NEW_COMMIT,
  deleted = false,
} = {}): string {
  return JSON.stringify({
    ref,
    before: "0123456789abcdef0123456789abcdef01234567",
    after,
    deleted,
    repository: { full_name: "acme/widgets", default_branch: "main" },
  });
}

let deliveries = 0;

export interface Delivery {
  event?: string;
  body?: string;
  /** The secret to sign with; null sends no signature header. */
  secret: string | null;
  deliveryId?: string;
  signature?: string;
}

/** Posts one delivery as GitHub would; the answer's status and text. */
export async function deliver(t: T, path: string, delivery: Delivery) {
  const body = delivery.body ?? pushBody();
  const bytes = new TextEncoder().encode(body);
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-GitHub-Event": delivery.event ?? "push",
    "X-GitHub-Delivery":
      delivery.deliveryId ?? `72d3162e-cc78-11e3-81ab-${String(++deliveries).padStart(12, "0")}`,
    "User-Agent": "GitHub-Hookshot/test",
  };
  const signature =
    delivery.signature ??
    (delivery.secret === null ? undefined : await signatureHeader(delivery.secret, bytes));
  if (signature !== undefined) headers["X-Hub-Signature-256"] = signature;
  const response = await t.fetch(path, { method: "POST", headers, body: bytes });
  return {
    status: response.status,
    text: (await response.text()).trim(),
    headers: response.headers,
  };
}

/** The repository's jobs, oldest first (tests only). */
export async function jobsOf(t: T, repositoryId: Id<"repositories">) {
  return await t.run(
    async (ctx) =>
      await ctx.db
        .query("jobs")
        .withIndex("by_repository", (q) => q.eq("repositoryId", repositoryId))
        .collect(),
  );
}
