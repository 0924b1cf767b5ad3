import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../config";
import { synthConfig } from "../stacks/synth-json";
import { cachedIn, cachedSynth, configKey, pruneSynthCache, synthCacheEnabled, synthCacheFile } from "./synth-cache";

describe("the test runs' synth cache never serves another synthesis", () => {
  const root = mkdtempSync(join(tmpdir(), "lz-synth-cache-"));
  const config = loadConfigFile("config/examples/dri.yaml");

  it("keys on the sources' digest, the kind and everything synthesized (config and options)", () => {
    const file = synthCacheFile(root, "a".repeat(64), "stacks", { config, options: {} });
    expect(synthCacheFile(root, "a".repeat(64), "stacks", { config, options: {} })).toBe(file);
    const others = [
      synthCacheFile(root, "b".repeat(64), "stacks", { config, options: {} }), // an edited, added or removed source
      synthCacheFile(root, "a".repeat(64), "bootstrap-stacks", { config, options: {} }),
      synthCacheFile(root, "a".repeat(64), "stacks", { config, options: { bootstrap: true } }),
      synthCacheFile(root, "a".repeat(64), "stacks", { config: { ...config, organization: { ...config.organization, homeRegion: `${config.organization.homeRegion}-other` } }, options: {} }),
    ];
    expect(new Set([file, ...others]).size).toBe(5);
  });

  it("leaves only the config's path out of the key: the stacks synthesized from a copy elsewhere are the same", () => {
    const minimal = loadConfigFile("config/test-fixtures/valid-minimal.yaml", { bootstrap: true });
    const copy = join(root, "elsewhere", "minimal.yaml");
    mkdirSync(join(copy, ".."), { recursive: true });
    copyFileSync("config/test-fixtures/valid-minimal.yaml", copy);
    const moved = loadConfigFile(copy, { bootstrap: true });
    expect(moved.sourceFile).not.toBe(minimal.sourceFile);
    expect(configKey(moved)).toEqual(configKey(minimal));
    expect(Object.keys(configKey(minimal)).sort()).toEqual(Object.keys(minimal).filter((k) => k !== "sourceFile").sort());
    expect(synthConfig(moved, { bootstrap: true })).toEqual(synthConfig(minimal, { bootstrap: true }));
  });

  it("stores a miss, serves the hit as the same JSON, and the stored stacks are what synthesis gives", () => {
    const file = synthCacheFile(root, "c".repeat(64), "stacks", { config, options: {} });
    let computed = 0;
    const compute = () => {
      computed++;
      return synthConfig(config);
    };
    const first = cachedIn(file, compute);
    expect(existsSync(file)).toBe(true);
    const second = cachedIn(file, compute);
    expect(computed).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual(synthConfig(config));
    expect(readdirSync(join(file, "..")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a damaged cache file is computed again and replaced, never served", () => {
    const file = join(root, "damaged", "stacks-x.json");
    mkdirSync(join(root, "damaged"), { recursive: true });
    writeFileSync(file, '{"management": {"resource": ');
    expect(cachedIn(file, () => ({ fresh: true }))).toEqual({ fresh: true });
    expect(cachedIn(file, () => ({ fresh: false }))).toEqual({ fresh: true });
  });

  it("LZ_TEST_SYNTH_CACHE=off computes every time", () => {
    expect(synthCacheEnabled({ LZ_TEST_SYNTH_CACHE: "off" })).toBe(false);
    expect(synthCacheEnabled({})).toBe(true);
    const previous = process.env.LZ_TEST_SYNTH_CACHE;
    process.env.LZ_TEST_SYNTH_CACHE = "off";
    try {
      let computed = 0;
      const input = { probe: root };
      cachedSynth("probe", input, () => ++computed);
      cachedSynth("probe", input, () => ++computed);
      expect(computed).toBe(2);
    } finally {
      if (previous === undefined) delete process.env.LZ_TEST_SYNTH_CACHE;
      else process.env.LZ_TEST_SYNTH_CACHE = previous;
    }
  });

  it("a run drops the folders of every other digest", () => {
    const cache = join(root, "prune");
    for (const d of ["d", "e"]) mkdirSync(join(cache, d.repeat(20)), { recursive: true });
    pruneSynthCache("e".repeat(64), cache);
    expect(readdirSync(cache)).toEqual(["e".repeat(20)]);
  });
});
