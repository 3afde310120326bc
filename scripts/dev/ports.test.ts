import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseStartOptions, UsageError } from "./options.ts";
import { PortTakenError, reservePorts } from "./ports.ts";

let taken: Server | undefined;
afterEach(() => {
  taken?.close();
  taken = undefined;
});

async function occupy(): Promise<number> {
  taken = createServer();
  await new Promise<void>((resolve) => taken?.listen(0, "127.0.0.1", resolve));
  const address = taken.address();
  return typeof address === "object" && address ? address.port : 0;
}

describe("reservePorts", () => {
  it("gives distinct free ports for 0", async () => {
    const ports = await reservePorts({
      a: { label: "a", port: 0, hint: "--a" },
      b: { label: "b", port: 0, hint: "--b" },
    });
    expect(ports.a).toBeGreaterThan(0);
    expect(ports.b).toBeGreaterThan(0);
    expect(ports.a).not.toBe(ports.b);
  });

  it("names a taken port, what needed it and how to choose another", async () => {
    const port = await occupy();
    const attempt = reservePorts({
      web: { label: "the web app", port, hint: "--web-port <n> or FONDATION_WEB_PORT" },
    });
    await expect(attempt).rejects.toBeInstanceOf(PortTakenError);
    await expect(attempt).rejects.toThrow(
      `port ${port} (the web app) is already in use: stop what listens there (e.g. an earlier ./run start), or choose another port with --web-port <n> or FONDATION_WEB_PORT`,
    );
  });
});

describe("parseStartOptions", () => {
  it("uses defaults, then the environment, then flags", () => {
    expect(parseStartOptions([], {}, "/repo")).toMatchObject({
      webPort: 3000,
      convexPort: 3210,
      sitePort: 3212,
      workerPort: 3211,
      dataDir: "/repo/.fondation/local",
      reset: false,
    });
    const env = {
      FONDATION_WEB_PORT: "4000",
      FONDATION_CONVEX_SITE_PORT: "4001",
      FONDATION_LOCAL_DIR: "/data",
    };
    expect(parseStartOptions([], env, "/repo")).toMatchObject({
      webPort: 4000,
      sitePort: 4001,
      dataDir: "/data",
    });
    expect(parseStartOptions(["--web-port", "5000", "--reset"], env, "/repo")).toMatchObject({
      webPort: 5000,
      reset: true,
    });
  });

  it("refuses a bad port or an unknown flag with a usage error", () => {
    expect(() => parseStartOptions(["--web-port", "http"], {}, "/r")).toThrow(
      '--web-port must be a port number from 0 to 65535, not "http"',
    );
    expect(() => parseStartOptions(["--web"], {}, "/r")).toThrow(UsageError);
  });
});
