/** Readiness waits: poll an HTTP endpoint until it answers 2xx, the service dies, or time runs out. */
import type { Service } from "./service.ts";

export async function waitForHttp(
  service: Service,
  url: string,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  for (;;) {
    if (!service.running()) {
      const { code, signal } = await service.exited;
      throw new Error(
        `${service.name} stopped before it was ready (${signal ?? `exit ${code}`}):\n${service.tail()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${service.name} was not ${what} within ${Math.round(timeoutMs / 1000)} s (${url}: ${last}):\n${service.tail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
