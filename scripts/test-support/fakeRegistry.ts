/**
 * A tiny npm registry over HTTPS with its own self-signed certificate, for the toolchain
 * test: it serves the packages it is given (packument + tarball, the two requests `npm
 * install` makes, https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md)
 * and records what was asked. npm trusts it only through a `cafile` setting.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface FakePackage {
  name: string;
  version: string;
  /** Files under package/, path → content; those under bin/ are executable. */
  files: Record<string, string>;
  bin?: Record<string, string>;
}

export interface FakeRegistry {
  url: string;
  /** The certificate (its own CA) to put in a `cafile` setting. */
  caFile: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

function tarball(dir: string, pkg: FakePackage): Buffer {
  const root = join(dir, `${pkg.name}-src`, "package");
  mkdirSync(root, { recursive: true });
  const manifest = { name: pkg.name, version: pkg.version, ...(pkg.bin ? { bin: pkg.bin } : {}) };
  writeFileSync(join(root, "package.json"), JSON.stringify(manifest));
  for (const [path, content] of Object.entries(pkg.files)) {
    const file = join(root, path);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, content);
    if (path.startsWith("bin/")) chmodSync(file, 0o755);
  }
  const out = join(dir, `${pkg.name}.tgz`);
  execFileSync("tar", ["czf", out, "-C", join(root, ".."), "package"]);
  return readFileSync(out);
}

export async function startFakeRegistry(
  dir: string,
  packages: FakePackage[],
): Promise<FakeRegistry> {
  const key = join(dir, "registry-key.pem");
  const caFile = join(dir, "registry-cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      caFile,
    ],
    { stdio: "ignore" },
  );

  const requests: string[] = [];
  const tarballs = new Map<string, Buffer>();
  const server = createServer({ key: readFileSync(key), cert: readFileSync(caFile) });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const packuments = new Map<string, object>();
  for (const pkg of packages) {
    const data = tarball(dir, pkg);
    const file = `/${pkg.name}/-/${pkg.name}-${pkg.version}.tgz`;
    tarballs.set(file, data);
    packuments.set(`/${pkg.name}`, {
      name: pkg.name,
      "dist-tags": { latest: pkg.version },
      versions: {
        [pkg.version]: {
          name: pkg.name,
          version: pkg.version,
          ...(pkg.bin ? { bin: pkg.bin } : {}),
          dist: {
            tarball: `${url}${file}`,
            shasum: createHash("sha1").update(data).digest("hex"),
            integrity: `sha512-${createHash("sha512").update(data).digest("base64")}`,
          },
        },
      },
    });
  }

  server.on("request", (req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/");
    requests.push(path);
    const packument = packuments.get(path);
    const data = tarballs.get(path);
    if (packument)
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(packument));
    else if (data) res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(data);
    else res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"not found"}');
  });

  return {
    url,
    caFile,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
