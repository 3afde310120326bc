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
        // Browser end-to-end tests (web/e2e): Chromium against the local stack. One file
        // at a time: each starts its own stack (local Convex, next start, a worker).
        test: {
          name: "web-e2e",
          include: ["web/e2e/**/*.e2e.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
