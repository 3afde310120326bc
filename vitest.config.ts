import { defineConfig } from "vitest/config";

// One test run for the whole repository; each part is a project with its own environment.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "convex",
          include: ["convex/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      "shared",
      "cli",
      "worker",
      "web",
      "tools/local-convex",
      {
        // `./run start` end to end (scripts/dev): the orchestrator on free ports, a course
        // published from a local repository, a clean Ctrl-C. May build the web app first.
        test: {
          name: "dev",
          include: ["scripts/dev/**/*.test.ts", "scripts/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Browser end-to-end tests (web/e2e): Chromium against the local stack. One file
        // at a time: each starts its own stack (local Convex, next start, a worker).
        test: {
          name: "web-e2e",
          include: ["web/e2e/**/*.e2e.test.ts"],
          setupFiles: ["web/e2e/support/onFailure.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // Fault suite (worker/test/faults): worker kill -9, backend restart, 529 storms, the
        // git host going away. One file at a time: each starts its own local stack.
        test: {
          name: "faults",
          include: ["worker/test/faults/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
