import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "cdktf.out/**", ".verify/**"],
    environment: "node",
    pool: "threads",
    testTimeout: 30_000,
  },
});
