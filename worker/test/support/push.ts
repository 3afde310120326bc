/**
 * A push delivery as GitHub sends one (https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
 * and …/validating-webhook-deliveries): the JSON body signed with the HMAC-SHA256 of its
 * exact bytes in X-Hub-Signature-256, the event and a unique delivery id in headers.
 * For the worker e2e test and the webhook benchmark.
 */
import { createHmac, randomUUID } from "node:crypto";

export async function postPush(url: string, secret: string, branch: string, after: string) {
  const body = JSON.stringify({
    ref: `refs/heads/${branch}`,
    before: "0".repeat(40),
    after,
    repository: { default_branch: branch },
  });
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-GitHub-Event": "push",
      "X-GitHub-Delivery": randomUUID(),
      "X-Hub-Signature-256": signature,
    },
    body,
  });
  return { status: response.status, text: (await response.text()).trim() };
}
