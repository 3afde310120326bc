/**
 * The worker's HTTP health endpoint, for Fly's checks and for people: /healthz (the process
 * answers), /readyz (connected to Convex and not shutting down), /status (current jobs,
 * last claim time) as JSON. It reads the runner's state through callbacks and never holds
 * or shows a secret.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HealthJob {
  jobId: string;
  attempt: number;
  phase: string;
  startedAt: number;
}

export interface HealthStatus {
  workerId: string;
  version: string;
  connected: boolean;
  draining: boolean;
  startedAt: number;
  lastClaimAt: number | null;
  maxConcurrentJobs: number;
  jobs: HealthJob[];
  jobsFinished: number;
  /** Why the worker cannot take jobs (shown on /readyz and /status), or null. */
  problem: string | null;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: {
  port: number;
  host?: string;
  status: () => HealthStatus;
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { error: "GET only" });
    const status = options.status();
    switch (path) {
      case "/healthz":
        return send(200, { ok: true });
      case "/readyz": {
        const ready = status.connected && !status.draining && status.problem === null;
        return send(ready ? 200 : 503, {
          ok: ready,
          connected: status.connected,
          draining: status.draining,
          problem: status.problem,
        });
      }
      case "/status":
        return send(200, {
          ...status,
          uptimeMs: Date.now() - status.startedAt,
          freeSlots: Math.max(0, status.maxConcurrentJobs - status.jobs.length),
        });
      default:
        return send(404, { error: "not found", paths: ["/healthz", "/readyz", "/status"] });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
