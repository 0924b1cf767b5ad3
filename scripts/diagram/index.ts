/**
 * npm run diagram [-- --config <file>] [--check]
 * Writes docs/accounts-<config>.md: a Mermaid diagram of the accounts (by OU, with what each holds) and the
 * assume-role edges. For the default config it also refreshes the diagram embedded in README.md. `--check` writes
 * nothing and exits 1 when a file is stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { DEFAULT_CONFIG_FILE, loadConfigFile, type OrgConfig } from "../../config";
import { synthConfig, type StackJson } from "../../stacks/synth-json";
import { buildDiagram, diagramMarkdown } from "./model";
import { exitOnKnownError, isEntryPoint, parseCommonArgs, UsageError } from "../../cli";

export const DOCS_DIR = "docs";
export const README_START = "<!-- diagram:default -->";
export const README_END = "<!-- /diagram:default -->";

export const diagramFile = (configFile: string) => join(DOCS_DIR, `accounts-${basename(configFile).replace(/\.ya?ml$/, "")}.md`);

/** The files a config's diagram lives in, with their expected content. */
export function diagramOutputs(
  configFile: string,
  synth: (config: OrgConfig) => Record<string, StackJson> = synthConfig,
  readme = readFileSync("README.md", "utf8"),
): { file: string; content: string }[] {
  const config = loadConfigFile(configFile);
  const diagram = buildDiagram(config, synth(config));
  const outputs = [{ file: diagramFile(configFile), content: diagramMarkdown(configFile, diagram) }];
  if (configFile === DEFAULT_CONFIG_FILE) {
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} block for the default diagram`);
    const block = `${README_START}\n\`\`\`mermaid\n${diagram.mermaid}\n\`\`\`\n`;
    outputs.push({ file: "README.md", content: readme.slice(0, start) + block + readme.slice(end) });
  }
  return outputs;
}

if (isEntryPoint("scripts/diagram/index.ts", module)) {
  try {
    const args = parseCommonArgs(process.argv.slice(2));
    const check = args.rest.includes("--check");
    const unknown = args.rest.filter((a) => a !== "--check");
    if (unknown.length) throw new UsageError(`unknown argument ${unknown[0]}; usage: npm run diagram [-- --config <file>] [--check]`);
    let stale = 0;
    for (const { file, content } of diagramOutputs(args.configFile)) {
      const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
      if (current === content) {
        console.log(`up to date  ${file}`);
      } else if (check) {
        console.log(`stale       ${file} (run npm run diagram${args.configFile === DEFAULT_CONFIG_FILE ? "" : ` -- --config ${args.configFile}`})`);
        stale++;
      } else {
        mkdirSync(DOCS_DIR, { recursive: true });
        writeFileSync(file, content);
        console.log(`wrote       ${file}`);
      }
    }
    process.exit(stale ? 1 : 0);
  } catch (error) {
    exitOnKnownError(error);
  }
}
