/** A config's stacks synthesized in memory, each as its parsed Terraform JSON (for npm run cost / diagram and tests). */
import { Testing } from "cdktf";
import type { OrgConfig } from "../config";
import { buildStacks, type BuildOptions } from "./app";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

export function synthConfig(config: OrgConfig, options: BuildOptions = {}): Record<string, StackJson> {
  const app = Testing.app();
  const stacks = buildStacks(app, config, options);
  return Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s)) as StackJson]));
}
