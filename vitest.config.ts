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
    ],
  },
});
