import { format } from "node:util";

// The server's own log, written straight to stderr so it is never mistaken for (or captured as)
// a Convex function's console output.
export function serverLog(...args: unknown[]): void {
  process.stderr.write(`[local-convex] ${format(...args)}\n`);
}
