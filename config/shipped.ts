import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG_FILE } from "./load";

/** Every config the project ships: the default and each example. Paths relative to the repository root. */
export function shippedConfigFiles(root = "."): string[] {
  const examples = join(root, "config", "examples");
  const files = existsSync(examples)
    ? readdirSync(examples).filter((f) => f.endsWith(".yaml")).sort().map((f) => join("config", "examples", f))
    : [];
  return [DEFAULT_CONFIG_FILE, ...files];
}
