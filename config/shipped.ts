import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "./errors";
import { DEFAULT_CONFIG_FILE } from "./load";

/** Where the repository says which config it deploys: cdktf.json → context → this key. */
export const SETTINGS_FILE = "cdktf.json";
export const CONFIG_SETTING = "landingZone:config";

/**
 * The config this repository deploys: cdktf.json's `context["landingZone:config"]` (S.E.T's config/set.yaml when the
 * setting is absent). `--config` and LZ_CONFIG override it for one command.
 */
export function selectedConfigFile(root = "."): string {
  const file = join(root, SETTINGS_FILE);
  if (!existsSync(file)) return DEFAULT_CONFIG_FILE;
  let value: unknown;
  try {
    value = (JSON.parse(readFileSync(file, "utf8")) as { context?: Record<string, unknown> }).context?.[CONFIG_SETTING];
  } catch (e) {
    throw new ConfigError([{ file: SETTINGS_FILE, line: 1, col: 1, path: "", message: `not valid JSON: ${(e as Error).message}` }]);
  }
  if (value === undefined) return DEFAULT_CONFIG_FILE;
  if (typeof value !== "string" || !/\.ya?ml$/.test(value)) {
    throw new ConfigError([{ file: SETTINGS_FILE, line: 1, col: 1, path: `context.${CONFIG_SETTING}`, message: `must be the path of a YAML config, e.g. "config/acme.yaml", got ${JSON.stringify(value)}` }]);
  }
  return value;
}

/**
 * Every config the suite checks: the selected one, S.E.T (the shipped default) and each example. Paths relative to
 * the repository root. `LZ_SUITE=selected` narrows it to the selected config alone (a fork checking only its own).
 */
export function shippedConfigFiles(root = ".", env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.LZ_SUITE === "selected") return [selectedConfigFile(root)];
  const examples = join(root, "config", "examples");
  const files = existsSync(examples)
    ? readdirSync(examples).filter((f) => f.endsWith(".yaml")).sort().map((f) => join("config", "examples", f))
    : [];
  return [...new Set([DEFAULT_CONFIG_FILE, ...files, selectedConfigFile(root)])];
}
