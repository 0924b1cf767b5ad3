import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts", ".github/*.test.ts"],
    exclude: ["node_modules/**", "cdktf.out/**", ".verify/**"],
    environment: "node",
    pool: "threads",
    // Test files share a worker's module cache, so each config is synthesized once per worker, not once per file.
    // No test mutates global state.
    isolate: false,
    testTimeout: 30_000,
    // Vitest's default leaves a core idle on small machines; test files wait on terraform and child processes often.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
