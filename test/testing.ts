/** Test helpers: synthesize a config's stacks in memory (cached per file) and pick resources out of the JSON. */
import { ConfigError, enabledAccounts, formatProblem, loadConfigFile, managementAccount, parseConfig, stateAccount, type OrgConfig } from "../config";
import type { BuildOptions } from "../stacks/app";
import { synthConfig as synthConfigUncached, type StackJson } from "../stacks/synth-json";
import { cachedSynth, configKey } from "./synth-cache";

export type { StackJson };

/** synthConfig (stacks/synth-json), through the test runs' synth cache (test/synth-cache.ts). */
export function synthConfig(config: OrgConfig, options: BuildOptions = {}): Record<string, StackJson> {
  return cachedSynth("stacks", { config: configKey(config), options }, () => synthConfigUncached(config, options));
}

/** The loader's problems with a YAML text, formatted as the user sees them (file:line:col path: message); none: []. */
export function configProblems(text: string, file: string, options: { bootstrap?: boolean } = {}): string[] {
  try {
    parseConfig(text, file, options);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

const cache = new Map<string, Record<string, StackJson>>();

/** Synthesizes a config file once per test process. */
export function synthConfigFile(file: string, options: BuildOptions = {}): Record<string, StackJson> {
  const key = JSON.stringify([file, options]);
  if (!cache.has(key)) cache.set(key, synthConfig(loadConfigFile(file, { bootstrap: options.bootstrap }), options));
  return cache.get(key)!;
}

/** A shipped config as the attack simulations see it: its stacks, and the accounts they attack from and into. */
export function configUnderAttack(file: string) {
  const config = loadConfigFile(file);
  return {
    config,
    stacks: synthConfigFile(file),
    management: managementAccount(config),
    state: stateAccount(config),
    workload: enabledAccounts(config).find((a) => a.role === "workload")!,
    region: config.organization.homeRegion,
  };
}

export function synthYaml(yaml: string, options: BuildOptions = {}): Record<string, StackJson> {
  return synthConfig(parseConfig(yaml, "inline.yaml", { bootstrap: options.bootstrap }), options);
}

/** All resources of a type in a stack, by logical id. */
export function resources(stack: StackJson, type: string): Record<string, StackJson> {
  return stack.resource?.[type] ?? {};
}

/** `type.name` of every resource in a stack. */
export function addresses(stack: StackJson): string[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`)).sort();
}
