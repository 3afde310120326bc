/**
 * Ports of the local stack: each one is tried before any service starts, so a taken port
 * is reported at once with what to do, instead of as a crash of one service later. Port 0
 * means "any free port" (tests).
 */
import { createServer } from "node:net";

export const HOST = "127.0.0.1";

export interface PortRequest {
  /** What listens there, for the message ("the web app"). */
  label: string;
  port: number;
  /** How to choose another one ("--web-port or FONDATION_WEB_PORT"). */
  hint: string;
}

export class PortTakenError extends Error {
  override name = "PortTakenError";
}

/** Binds the port on 127.0.0.1 and releases it; resolves to the port (a free one for 0). */
function probe(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host: HOST, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A free port for a service started later by another process. Probing port 0 would return
 * one from the kernel's ephemeral range (32768–60999 on Linux), which the kernel may hand to
 * any other listener on port 0 between the probe and the service's own bind (seen in CI:
 * `next start` failed with EADDRINUSE). Ports below that range are never given out that way.
 */
export async function pickFreePort(): Promise<number> {
  const [low, high] = [20_000, 32_767];
  for (let tries = 0; tries < 100; tries++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    try {
      return await probe(port);
    } catch {
      // taken: try another
    }
  }
  return await probe(0);
}

/** Resolves every requested port (0 → a free one), or throws naming each taken one. */
export async function reservePorts<K extends string>(
  requests: Record<K, PortRequest>,
): Promise<Record<K, number>> {
  const problems: string[] = [];
  const ports: number[] = [];
  const result = {} as Record<K, number>;
  for (const key of Object.keys(requests) as K[]) {
    const request = requests[key];
    try {
      result[key] = request.port === 0 ? await pickFreePort() : await probe(request.port);
      ports.push(result[key]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        code === "EADDRINUSE"
          ? `port ${request.port} (${request.label}) is already in use: stop what listens there (e.g. an earlier ./run start), or choose another port with ${request.hint}`
          : `port ${request.port} (${request.label}) cannot be used (${code ?? (error as Error).message}): choose another port with ${request.hint}`,
      );
      ports.push(request.port);
    }
  }
  if (problems.length > 0) throw new PortTakenError(problems.join("\n"));
  // Two services must not get the same free port.
  if (new Set(ports).size !== ports.length) {
    throw new PortTakenError(`the same port is given to two services: ${ports.join(", ")}`);
  }
  return result;
}
