import { resolveAuthConfig } from "./lib/authConfig.ts";

/** Runs once when the server starts: a dangerous auth configuration stops it here. */
export function register(): void {
  resolveAuthConfig(process.env);
}
