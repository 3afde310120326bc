/** HTTP actions, served on the deployment's site URL (CONVEX_SITE_URL). */
import { httpRouter } from "convex/server";
import { githubWebhook } from "./lib/webhookHandler.ts";
import { WEBHOOK_PATH } from "./lib/webhookPayload.ts";

const http = httpRouter();

// GitHub push deliveries: POST /github/webhook/<hookId> (webhooks.enable gives the URL).
http.route({ pathPrefix: WEBHOOK_PATH, method: "POST", handler: githubWebhook });

export default http;
