import { defineProject } from "vitest/config";

// Tests here spawn processes (git, the CLI, workers, the local backend): generous timeouts
// so a busy CI machine does not fail them; no test asserts a duration.
export default defineProject({
  test: {
    name: "worker",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // The fault suite is its own project (root vitest.config.ts): one file at a time.
    exclude: ["test/faults/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
