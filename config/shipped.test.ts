import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommonArgs } from "../cli";
import { ConfigError, CONFIG_SETTING, DEFAULT_CONFIG_FILE, selectedConfigFile, shippedConfigFiles } from ".";

const repo = (cdktfJson?: string) => {
  const dir = mkdtempSync(join(tmpdir(), "lz-selected-"));
  if (cdktfJson !== undefined) writeFileSync(join(dir, "cdktf.json"), cdktfJson);
  return dir;
};

describe("the selected config (one setting in cdktf.json)", () => {
  it("is the repository's setting; S.E.T when there is none", () => {
    expect(selectedConfigFile(repo(JSON.stringify({ context: { [CONFIG_SETTING]: "config/acme.yaml" } })))).toBe("config/acme.yaml");
    expect(selectedConfigFile(repo(JSON.stringify({ context: {} })))).toBe(DEFAULT_CONFIG_FILE);
    expect(selectedConfigFile(repo())).toBe(DEFAULT_CONFIG_FILE);
  });

  it("every command's default follows the setting (LZ_CONFIG, then --config, override it)", () => {
    expect(parseCommonArgs([], {}).configFile).toBe(selectedConfigFile());
    expect(parseCommonArgs([], { LZ_CONFIG: "config/examples/dri.yaml" }).configFile).toBe("config/examples/dri.yaml");
    expect(parseCommonArgs(["--config", "config/examples/empc.yaml"], { LZ_CONFIG: "config/examples/dri.yaml" }).configFile).toBe("config/examples/empc.yaml");
  });

  it("a setting that is not a YAML path is a clear error naming the file and key", () => {
    const bad = repo(JSON.stringify({ context: { [CONFIG_SETTING]: 42 } }));
    expect(() => selectedConfigFile(bad)).toThrow(ConfigError);
    expect(() => selectedConfigFile(bad)).toThrow(/cdktf\.json.*context\.landingZone:config.*must be the path of a YAML config/s);
    expect(() => selectedConfigFile(repo("{ not json"))).toThrow(/cdktf\.json.*not valid JSON/s);
  });

  it("is checked with the examples: the suite's config list holds it once", () => {
    const dir = repo(JSON.stringify({ context: { [CONFIG_SETTING]: "config/acme.yaml" } }));
    expect(shippedConfigFiles(dir, {})).toEqual([DEFAULT_CONFIG_FILE, "config/acme.yaml"]);
    const examples = ["config/examples/dri.yaml", "config/examples/empc.yaml", "config/examples/eurus.yaml", "config/examples/innovate.yaml"];
    expect(shippedConfigFiles(".", {})).toEqual([...new Set([DEFAULT_CONFIG_FILE, ...examples, selectedConfigFile()])]);
  });

  it("LZ_SUITE=selected narrows the suite to the selected config alone (a fork checking only its own)", () => {
    const dir = repo(JSON.stringify({ context: { [CONFIG_SETTING]: "config/acme.yaml" } }));
    expect(shippedConfigFiles(dir, { LZ_SUITE: "selected" })).toEqual(["config/acme.yaml"]);
    expect(shippedConfigFiles(".", { LZ_SUITE: "selected" })).toEqual([selectedConfigFile()]);
  });
});
