// Mutation → subscriber latency of local-convex with the real ConvexClient.
// Usage: node tools/local-convex/bench/latency.ts [--writes 40]
// Prints median and p99 for 1, 10 and 50 subscribed clients over 1k and 10k rows.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { startLocalConvex } from "../src/index.ts";

const { values } = parseArgs({ options: { writes: { type: "string", default: "40" } } });
const WRITES = Number(values.writes);
const functionsDir = fileURLToPath(new URL("../test/fixtures/chat/convex", import.meta.url));
const list = makeFunctionReference<"query">("messages:list");
const send = makeFunctionReference<"mutation">("messages:send");
const sendMany = makeFunctionReference<"mutation">("messages:sendMany");

function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

async function measure(rows: number, clientCount: number) {
  const server = await startLocalConvex({ functionsDir, crons: false });
  const writer = new ConvexClient(server.url, { logger: false });
  for (let seeded = 0; seeded < rows; seeded += 1000) {
    await writer.mutation(sendMany, { channel: "bench", count: Math.min(1000, rows - seeded) });
  }
  const readers = Array.from(
    { length: clientCount },
    () => new ConvexClient(server.url, { logger: false }),
  );
  // Each reader resolves the pending waiter when the newest message has the expected body.
  let expected = "";
  let arrivals: Promise<number>[] = [];
  let resolvers: ((t: number) => void)[] = [];
  const ready = readers.map(
    (reader, i) =>
      new Promise<void>((subscribed) => {
        reader.onUpdate(list, { channel: "bench" }, (messages: { body: string }[]) => {
          subscribed();
          if (messages[0]?.body === expected) resolvers[i]?.(performance.now());
        });
      }),
  );
  await Promise.all(ready);
  const samples: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    expected = `write ${i}`;
    arrivals = readers.map(
      (_, r) =>
        new Promise<number>((resolve) => {
          resolvers[r] = resolve;
        }),
    );
    const start = performance.now();
    await writer.mutation(send, { channel: "bench", author: "bench", body: expected });
    for (const arrived of await Promise.all(arrivals)) samples.push(arrived - start);
    resolvers = [];
  }
  await Promise.all([writer, ...readers].map((c) => c.close()));
  await server.stop();
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
}

console.log(`local-convex mutation → subscriber latency (${WRITES} writes per case)`);
console.log("rows    clients  median ms  p99 ms  samples");
for (const rows of [1_000, 10_000]) {
  for (const clients of [1, 10, 50]) {
    const { median, p99, n } = await measure(rows, clients);
    console.log(
      `${String(rows).padEnd(7)} ${String(clients).padEnd(8)} ${median.toFixed(1).padStart(9)} ${p99.toFixed(1).padStart(7)}  ${n}`,
    );
  }
}
process.exit(0);
