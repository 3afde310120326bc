/**
 * Starting each service of the local stack and waiting until it is ready:
 * the local Convex backend (its URL printed on stdout), the web app (`next start`; ready when
 * its local sign-in key set answers) and the worker (ready when /readyz says so: connected to
 * Convex with a working queue subscription).
 */
import { join } from "node:path";
import { waitForHttp } from "./ready.ts";
import { type Service, startService } from "./service.ts";
import { NEXT_BIN, ROOT, WEB_DIR } from "./webBuild.ts";

type OnLine = (line: string, stream: "stdout" | "stderr") => void;
/** Told about the process as soon as it is spawned, so a Ctrl-C during the wait can stop it. */
type OnSpawn = (service: Service) => void;

export async function startConvex(options: {
  port: number;
  /** HTTP actions' port (the webhook's URL); the backend picks one when not given. */
  sitePort?: number;
  dataFile?: string;
  reset?: boolean;
  env: Record<string, string>;
  onLine?: OnLine;
  onSpawn?: OnSpawn;
}): Promise<{ service: Service; url: string }> {
  const args = [
    join(ROOT, "tools/local-convex/src/main.ts"),
    "--port",
    String(options.port),
    "--site-port",
    String(options.sitePort ?? 0),
    "--functions",
    join(ROOT, "convex"),
  ];
  if (options.dataFile) args.push("--data", options.dataFile);
  if (options.reset) args.push("--reset");
  let announce: (url: string) => void = () => {};
  const announced = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const service = startService("convex", process.execPath, args, {
    cwd: ROOT,
    env: options.env,
    onLine: (line, stream) => {
      if (stream === "stdout" && /^https?:\/\//.test(line.trim())) announce(line.trim());
      options.onLine?.(line, stream);
    },
  });
  options.onSpawn?.(service);
  const url = await Promise.race([
    announced,
    service.exited.then(({ code, signal }) => {
      throw new Error(
        `the local Convex backend stopped (${signal ?? `exit ${code}`}):\n${service.tail()}`,
      );
    }),
    new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(
            new Error(`the local Convex backend did not start within 60 s:\n${service.tail()}`),
          ),
        60_000,
      ),
    ),
  ]).catch(async (error) => {
    await service.stop();
    throw error;
  });
  return { service, url };
}

/** `next start` of web/.next on 127.0.0.1:<port>. */
export async function startWeb(options: {
  port: number;
  env: Record<string, string | undefined>;
  onLine?: OnLine;
  onSpawn?: OnSpawn;
  detached?: boolean;
}): Promise<Service> {
  const service = startService(
    "web",
    process.execPath,
    [NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(options.port)],
    { cwd: WEB_DIR, env: options.env, onLine: options.onLine, detached: options.detached },
  );
  options.onSpawn?.(service);
  try {
    await waitForHttp(
      service,
      `http://127.0.0.1:${options.port}/api/local-auth/jwks`,
      60_000,
      "answering in local sign-in mode",
    );
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}

export async function startWorker(options: {
  healthPort: number;
  env: Record<string, string>;
  onLine?: OnLine;
  onSpawn?: OnSpawn;
}): Promise<Service> {
  const service = startService("worker", process.execPath, [join(ROOT, "worker/src/main.ts")], {
    cwd: ROOT,
    env: options.env,
    onLine: options.onLine,
  });
  options.onSpawn?.(service);
  try {
    await waitForHttp(service, `http://127.0.0.1:${options.healthPort}/readyz`, 60_000, "ready");
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}
