import { defineProject } from "vitest/config";

// Conformance tests start real servers and real clients: plain Node, one file at a time.
export default defineProject({
  test: {
    name: "local-convex",
    include: ["test/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
