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
    // One scratch TMPDIR per run, removed at its end, and the CLI bundles the tests start built in one pass.
    globalSetup: ["test/global-setup.ts"],
    // Transformed TypeScript kept between runs, keyed on each file's content and the config (vitest --clearCache).
    experimental: { fsModuleCache: true },
    // Vitest's default leaves a core idle on small machines; test files wait on terraform and child processes often.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
