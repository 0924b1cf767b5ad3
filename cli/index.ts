/** What main.ts and every script share: the common arguments and the exit on a known (config or usage) error. */
import { ConfigError, selectedConfigFile, shippedConfigFiles } from "../config";

export interface CommonArgs {
  readonly configFile: string;
  readonly bootstrap: boolean;
  readonly rest: string[];
}

/** `--config <file>` (else LZ_CONFIG, else the config cdktf.json selects) and `--bootstrap`; everything else is returned in `rest`. */
export function parseCommonArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CommonArgs {
  let configFile = env.LZ_CONFIG || selectedConfigFile();
  let bootstrap = env.LZ_BOOTSTRAP === "1";
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--config") {
      const value = argv[++i];
      if (!value || value.startsWith("--")) throw new UsageError("--config needs a file, e.g. --config config/examples/dri.yaml");
      configFile = value;
    } else if (arg.startsWith("--config=")) {
      configFile = arg.slice("--config=".length);
    } else if (arg === "--bootstrap") {
      bootstrap = true;
    } else {
      rest.push(arg);
    }
  }
  return { configFile, bootstrap, rest };
}

export class UsageError extends Error {}

/** The configs a whole-suite command (verify, scan) covers: the one named by --config or LZ_CONFIG, else every config the suite checks. */
export function configsToCheck(argv: string[], args: CommonArgs, env: NodeJS.ProcessEnv = process.env): string[] {
  return argv.some((a) => a === "--config" || a.startsWith("--config=")) || env.LZ_CONFIG ? [args.configFile] : shippedConfigFiles();
}

/** Prints a config or usage error without a stack trace and exits non-zero. */
export function exitOnKnownError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    console.error("nothing was written.");
    process.exit(1);
  }
  throw error;
}

/**
 * True when `file` (its path from the repository root) is the program being run. Under tsx that is the main module;
 * in a bundle (cli/run.js) every source file shares one module, so the launcher names the entry point instead.
 */
export function isEntryPoint(file: string, mod: NodeModule): boolean {
  const entry = (globalThis as { __lzEntryPoint?: string }).__lzEntryPoint;
  return entry !== undefined ? entry === file : require.main === mod;
}
