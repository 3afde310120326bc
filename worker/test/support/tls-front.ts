/**
 * An https front for the test git server: a throwaway certificate for 127.0.0.1 (made with
 * the openssl program), and an https server on 127.0.0.1 that forwards each request to the
 * git server, or answers a redirect when `redirect` names a location for the path. Lets the
 * clone tests speak https the way production does (https → http redirects included).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TlsFront {
  /** https://127.0.0.1:port */
  baseUrl: string;
  /** The certificate, to trust as a CA in the client. */
  ca: string;
  close(): Promise<void>;
}

function testCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "tls-front-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startTlsFront(
  upstream: string,
  redirect: (path: string) => string | undefined = () => undefined,
): Promise<TlsFront> {
  const { key, cert } = testCertificate();
  const target = new URL(upstream);
  const server = createServer({ key, cert }, (req, res) => {
    const location = redirect(req.url ?? "/");
    if (location) {
      res.writeHead(302, { location });
      return void res.end();
    }
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on("error", () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    ca: cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
