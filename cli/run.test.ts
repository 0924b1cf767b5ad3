/** The bundle cache of cli/run.js never serves stale code: an edited, added or removed source gives a new bundle. */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** A tiny project laid out like this one, sharing this checkout's node_modules (and so its bundle cache). */
function tinyProject(): { root: string; run: (entry: string) => string } {
  const root = mkdtempSync(join(tmpdir(), "lz-run-"));
  for (const dir of ["cli", "config", "scripts"]) mkdirSync(join(root, dir));
  for (const file of ["cli/run.js", "package.json", "package-lock.json", "tsconfig.json"]) copyFileSync(file, join(root, file));
  symlinkSync(resolve("node_modules"), join(root, "node_modules"), "dir");
  writeFileSync(join(root, "config", "greeting.ts"), 'export const greeting = "one";\n');
  writeFileSync(join(root, "scripts", "hello.ts"), 'import { greeting } from "../config/greeting";\nconsole.log(`${greeting} ${require.main === module}`);\n');
  const run = (entry: string) => {
    const result = spawnSync(process.execPath, ["cli/run.js", entry], { cwd: root, encoding: "utf8" });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
  return { root, run };
}

describe("cli/run.js: bundled entry points", () => {
  it("runs the entry as the main module, and rebuilds when a source it imports changes", () => {
    const { root, run } = tinyProject();
    try {
      expect(run("scripts/hello.ts")).toBe("one true");
      writeFileSync(join(root, "config", "greeting.ts"), 'export const greeting = "two";\n');
      expect(run("scripts/hello.ts")).toBe("two true");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("keys the bundle on every source file, the lockfile and tsconfig, but not on tests", () => {
    const { root } = tinyProject();
    try {
      // The tiny project's own cli/run.js, which reads the files again on every call.
      const { bundleKey } = createRequire(__filename)(join(root, "cli/run.js")) as { bundleKey: (entry: string) => string };
      const key = () => bundleKey("scripts/hello.ts");
      const first = key();
      expect(first).toMatch(/^[0-9a-f]{20}$/);
      writeFileSync(join(root, "config", "greeting.test.ts"), "// a test\n");
      expect(key()).toBe(first);
      writeFileSync(join(root, "config", "unused.ts"), "export const x = 1;\n");
      const added = key();
      expect(added).not.toBe(first);
      writeFileSync(join(root, "tsconfig.json"), "{}\n");
      const tsconfig = key();
      expect(tsconfig).not.toBe(added);
      writeFileSync(join(root, "package-lock.json"), "{}\n");
      expect(key()).not.toBe(tsconfig);
      rmSync(join(root, "config", "unused.ts"));
      expect(readdirSync(join(root, "config"))).not.toContain("unused.ts");
      expect(key()).not.toBe(added);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
