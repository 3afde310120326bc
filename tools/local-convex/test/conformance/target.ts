import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { type LocalConvex, startLocalConvex } from "../../src/index.ts";

/**
 * The server the conformance tests judge: local-convex serving the conformance fixture by
 * default, or a real Convex backend when CONVEX_CONFORMANCE_URL is set (the open-source
 * self-hosted backend, or a dev deployment). With CONVEX_CONFORMANCE_ADMIN_KEY the fixture
 * is pushed to it first (`convex deploy`); without, it must already be deployed there.
 * Tests use a fresh `run` token per test, so data left by an earlier run on a real backend
 * does not change their results.
 */

export const CONFORMANCE_APP = fileURLToPath(new URL("../fixtures/conformance", import.meta.url));
export const CONFORMANCE_FUNCTIONS = `${CONFORMANCE_APP}/convex`;

export interface Target {
  url: string;
  /** Where the fixture's HTTP actions answer (a deployment's CONVEX_SITE_URL). */
  siteUrl: string;
  /** The local server, or null on a real backend (tests needing its hooks check this). */
  local: LocalConvex | null;
  client(): ConvexClient;
  http(): ConvexHttpClient;
  stop(): Promise<void>;
}

const REMOTE_URL = process.env.CONVEX_CONFORMANCE_URL;

/**
 * A real backend's HTTP actions origin: CONVEX_CONFORMANCE_SITE_URL, else the cloud's
 * `.convex.site` twin of a `.convex.cloud` URL, else the self-hosted default (API port + 1).
 */
function remoteSiteUrl(url: string): string {
  if (process.env.CONVEX_CONFORMANCE_SITE_URL) return process.env.CONVEX_CONFORMANCE_SITE_URL;
  const parsed = new URL(url);
  if (parsed.hostname.endsWith(".convex.cloud")) {
    return url.replace(".convex.cloud", ".convex.site").replace(/\/+$/, "");
  }
  parsed.port = String(Number(parsed.port || 80) + 1);
  return parsed.origin;
}

/** True when the tests run against local-convex (the default). */
export const isLocal = !REMOTE_URL;

let pushed = false;

async function pushFixture(url: string, adminKey: string): Promise<void> {
  if (pushed) return;
  const cli = fileURLToPath(new URL("../../node_modules/.bin/convex", import.meta.url));
  await promisify(execFile)(cli, ["deploy", "--typecheck", "disable", "--codegen", "disable"], {
    cwd: CONFORMANCE_APP,
    env: { ...process.env, CONVEX_SELF_HOSTED_URL: url, CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey },
  });
  pushed = true;
}

export async function startTarget(): Promise<Target> {
  let local: LocalConvex | null = null;
  let url: string;
  let siteUrl: string;
  if (REMOTE_URL) {
    url = REMOTE_URL;
    const adminKey = process.env.CONVEX_CONFORMANCE_ADMIN_KEY;
    if (adminKey) await pushFixture(url, adminKey);
    siteUrl = remoteSiteUrl(url);
  } else {
    local = await startLocalConvex({ functionsDir: CONFORMANCE_FUNCTIONS, crons: false });
    url = local.url;
    siteUrl = local.siteUrl;
  }
  const clients: ConvexClient[] = [];
  return {
    url,
    siteUrl,
    local,
    client() {
      const client = new ConvexClient(url, { logger: false });
      clients.push(client);
      return client;
    },
    http: () => new ConvexHttpClient(url, { logger: false }),
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await local?.stop();
    },
  };
}

/** A token unique to one test, to keep its rows apart from others'. */
export function newRun(): string {
  return `run${randomUUID().replaceAll("-", "")}`;
}
