/**
 * Many stacks, one Terraform run: every stack becomes a child module of one root, so terraform starts, plans and
 * writes its plan once for all of them.
 *
 * Terraform starts one provider process per provider configuration, twice per plan (validate, then plan), and the
 * AWS provider (a 700 MB binary) costs ~0.5 s of CPU per start (measured), against 5–40 ms per planned resource. So each
 * stack is planned from a copy without its provider blocks (`module/main.tf.json` beside its cdk.tf.json), and the
 * root holds the offline configurations instead: one per distinct region and settings of a stack (its aliases for
 * other accounts in the same region, which differ only in the role they assume, share one — offline, no role is
 * assumed). Every setting a stack gives its providers except the role and the account guard (region, default tags,
 * anything misspelt) still reaches the real provider. Each stack's plan is cut back out of the combined plan JSON,
 * addresses as if it had been planned alone.
 */
import { OFFLINE_PROVIDER_SETTINGS } from "./terraform";

/** An AWS provider block of a stack (cdk.tf.json `provider.aws[]`). */
export interface AwsProviderBlock {
  readonly alias?: string;
  readonly [setting: string]: unknown;
}

/** One stack of a combined run: where its module lives and the module name it gets. */
export interface StackModule {
  readonly config: string;
  readonly stack: string;
  /** Directory of the stack's module (its cdk.tf.json without provider blocks), relative to the root. */
  readonly source: string;
  readonly moduleName: string;
  /** The stack's AWS provider configurations, as synthesized. */
  readonly providers?: readonly AwsProviderBlock[];
}

/** Where a stack's module copy lives, inside its directory. */
export const PLAN_MODULE_DIR = "module";

/** Settings that only matter online: the role a provider assumes and the accounts it may touch. */
const ONLINE_ONLY = new Set(["alias", "assume_role", "allowed_account_ids"]);

/** JSON with object keys sorted, so equal settings give equal text whatever order they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A stack's Terraform JSON as a module of the combined root: no provider blocks, no backend, its aliases declared. */
export function planModule(stack: { provider?: unknown; terraform?: Record<string, unknown> }): object {
  const { provider, terraform = {}, ...rest } = stack;
  const { backend: _backend, required_providers: required = {}, ...terraformRest } = terraform as { backend?: unknown; required_providers?: Record<string, object> };
  const aliases = (((provider as { aws?: AwsProviderBlock[] } | undefined)?.aws ?? []) as AwsProviderBlock[]).flatMap((p) => (p.alias ? [`aws.${p.alias}`] : []));
  return {
    ...rest,
    terraform: {
      ...terraformRest,
      required_providers: { ...required, aws: { ...(required.aws ?? { source: "hashicorp/aws" }), ...(aliases.length ? { configuration_aliases: aliases } : {}) } },
    },
  };
}

/**
 * The root's offline provider configurations for one stack (aliased `<module>__<n>`, one per distinct setting) and
 * the module block's `providers` map from each of the stack's own names (`aws`, `aws.<alias>`) to them.
 */
export function offlineProviders(moduleName: string, blocks: readonly AwsProviderBlock[]): { blocks: object[]; passed: Record<string, string> } {
  const byKey = new Map<string, string>();
  const root: object[] = [];
  const passed: Record<string, string> = {};
  for (const block of blocks) {
    const settings = Object.fromEntries(Object.entries(block).filter(([k]) => !ONLINE_ONLY.has(k)));
    const key = canonical(settings);
    let alias = byKey.get(key);
    if (!alias) {
      alias = `${moduleName}__${byKey.size + 1}`;
      byKey.set(key, alias);
      root.push({ alias, ...settings, ...OFFLINE_PROVIDER_SETTINGS });
    }
    passed[block.alias ? `aws.${block.alias}` : "aws"] = `aws.${alias}`;
  }
  return { blocks: root, passed };
}

/** The root file holding one stack's offline provider configurations (errors in them name it). */
export const providerFileOf = (moduleName: string) => `${moduleName}.providers.tf.json`;

/** A Terraform module name for a stack: letters, digits, `_` and `-`, starting with a letter or `_`, unique. */
export function moduleNames(stacks: { config: string; stack: string }[]): string[] {
  const seen = new Set<string>();
  return stacks.map(({ config, stack }) => {
    let name = `${config}__${stack}`.replace(/[^A-Za-z0-9_-]/g, "_");
    if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
    let unique = name;
    for (let i = 2; seen.has(unique); i++) unique = `${name}_${i}`;
    seen.add(unique);
    return unique;
  });
}

/** The root output that surfaces a stack's output (module outputs appear in a plan only through the root's). */
const rootOutputName = (moduleName: string, output: string) => `${moduleName}__${output}`;

/**
 * The root module: one module block per stack (given its offline providers), each stack output re-exported (so the
 * plan lists its change), and a local backend; and per stack a file with its offline provider configurations.
 */
export function combinedRoot(stacks: (StackModule & { readonly outputs?: Record<string, { sensitive?: boolean }> })[]): {
  main: object;
  providerFiles: Record<string, object>;
} {
  const outputs = stacks.flatMap((s) =>
    Object.entries(s.outputs ?? {}).map(([name, o]) => [rootOutputName(s.moduleName, name), { value: `\${module.${s.moduleName}.${name}}`, ...(o.sensitive ? { sensitive: true } : {}) }]),
  );
  const providers = new Map(stacks.map((s) => [s.moduleName, offlineProviders(s.moduleName, s.providers ?? [])]));
  const main = {
    terraform: {
      backend: { local: { path: "verify.tfstate" } },
      required_providers: { aws: { source: "hashicorp/aws" } },
    },
    module: Object.fromEntries(
      stacks.map((s) => {
        const passed = providers.get(s.moduleName)!.passed;
        return [s.moduleName, { source: s.source.startsWith(".") ? s.source : `./${s.source}`, ...(Object.keys(passed).length ? { providers: passed } : {}) }];
      }),
    ),
    ...(outputs.length ? { output: Object.fromEntries(outputs) } : {}),
  };
  const providerFiles = Object.fromEntries(
    [...providers].filter(([, p]) => p.blocks.length).map(([moduleName, p]) => [providerFileOf(moduleName), { provider: { aws: p.blocks } }]),
  );
  return { main, providerFiles };
}

/** Splits stacks into `count` groups of about equal resource counts (longest first, each to the lightest group). */
export function balancedGroups<T>(items: T[], weight: (item: T) => number, count: number): T[][] {
  const groups = Array.from({ length: Math.max(1, Math.min(count, items.length)) }, () => ({ items: [] as T[], weight: 0 }));
  for (const item of [...items].sort((a, b) => weight(b) - weight(a))) {
    const lightest = groups.reduce((min, g) => (g.weight < min.weight ? g : min));
    lightest.items.push(item);
    lightest.weight += weight(item);
  }
  return groups.map((g) => g.items).filter((g) => g.length > 0);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

/** A stack's own plan out of the combined one: what `terraform show -json` prints when the stack is planned alone. */
export function stackPlan(combined: Json, moduleName: string): Json {
  const moduleAddress = `module.${moduleName}`;
  const prefix = `${moduleAddress}.`;
  const strip = (address: string) => (address.startsWith(prefix) ? address.slice(prefix.length) : address);
  const stripModule = (module: Json): Json => ({
    ...(module.resources ? { resources: module.resources.map((r: Json) => ({ ...r, address: strip(r.address) })) } : {}),
    ...(module.child_modules ? { child_modules: module.child_modules.map((c: Json) => ({ ...stripModule(c), address: strip(c.address) })) } : {}),
  });
  const providerKey = (key: string) => (key.startsWith(`${moduleAddress}:`) ? key.slice(moduleAddress.length + 1) : key);
  const stripConfig = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(stripConfig);
    if (!node || typeof node !== "object") return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "provider_config_key" && typeof v === "string" ? providerKey(v) : stripConfig(v)]));
  };
  const outputPrefix = rootOutputName(moduleName, "");
  const child = (combined.planned_values?.root_module?.child_modules ?? []).find((c: Json) => c.address === moduleAddress) ?? {};
  // The stack's offline configurations (root aliases `<module>__<n>`; its resources' provider_config_key names them).
  const providerConfig = Object.fromEntries(
    Object.entries((combined.configuration?.provider_config ?? {}) as Json).flatMap(([key, value]) => {
      const { module_address: _, ...rest } = value as Json;
      if (key.startsWith(`${moduleAddress}:`)) return [[key.slice(moduleAddress.length + 1), rest]];
      const alias = String(rest.alias ?? "");
      return alias.startsWith(`${moduleName}__`) && /^\d+$/.test(alias.slice(moduleName.length + 2)) ? [[key, rest]] : [];
    }),
  );
  const ownOutputs = (outputs: Json | undefined): Json =>
    Object.fromEntries(Object.entries(outputs ?? {}).filter(([k]) => k.startsWith(outputPrefix)).map(([k, v]) => [k.slice(outputPrefix.length), v]));
  const planned = ownOutputs(combined.planned_values?.outputs);
  const prior = combined.prior_state?.values;
  const priorChild = (prior?.root_module?.child_modules ?? []).find((c: Json) => c.address === moduleAddress);
  const priorOutputs = ownOutputs(prior?.outputs);
  const priorState =
    prior && (Object.keys(priorOutputs).length || priorChild)
      ? {
          prior_state: {
            ...combined.prior_state,
            values: { ...(Object.keys(priorOutputs).length ? { outputs: priorOutputs } : {}), root_module: priorChild ? stripModule(priorChild) : {} },
          },
        }
      : {};
  return {
    format_version: combined.format_version,
    terraform_version: combined.terraform_version,
    planned_values: { ...(Object.keys(planned).length ? { outputs: planned } : {}), root_module: stripModule(child) },
    ...(Object.keys(ownOutputs(combined.output_changes)).length ? { output_changes: ownOutputs(combined.output_changes) } : {}),
    ...priorState,
    resource_changes: (combined.resource_changes ?? [])
      .filter((rc: Json) => rc.module_address === moduleAddress)
      .map(({ module_address: _, ...rc }: Json) => ({ ...rc, address: strip(rc.address) })),
    configuration: {
      provider_config: providerConfig,
      root_module: stripConfig(combined.configuration?.root_module?.module_calls?.[moduleName]?.module ?? {}),
    },
    relevant_attributes: (combined.relevant_attributes ?? [])
      .filter((a: Json) => String(a.resource).startsWith(prefix))
      .map((a: Json) => ({ ...a, resource: strip(a.resource) })),
    timestamp: combined.timestamp,
    applyable: combined.applyable,
    complete: combined.complete,
    errored: combined.errored,
  };
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { filename: string; start?: { line: number } };
}

/** Error diagnostics of a `terraform … -json` run (one JSON object per line). */
export function errorDiagnostics(jsonLines: string): Diagnostic[] {
  return jsonLines
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        const message = JSON.parse(line) as { type?: string; diagnostic?: Diagnostic };
        return message.type === "diagnostic" && message.diagnostic?.severity === "error" ? [message.diagnostic] : [];
      } catch {
        return [];
      }
    });
}

/** The stack a diagnostic is about: by its resource address (module.<name>…), else by the file it points at. */
export function stackOfDiagnostic<T extends StackModule>(d: Diagnostic, stacks: T[]): T | undefined {
  const byAddress = d.address && stacks.find((s) => d.address === `module.${s.moduleName}` || d.address!.startsWith(`module.${s.moduleName}.`));
  if (byAddress) return byAddress;
  const file = d.range?.filename?.replace(/\\/g, "/");
  if (!file) return undefined;
  const byProviderFile = stacks.find((s) => file === providerFileOf(s.moduleName) || file.endsWith(`/${providerFileOf(s.moduleName)}`));
  if (byProviderFile) return byProviderFile;
  const normalized = (p: string) => p.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  return stacks.find((s) => file.includes(`${normalized(s.source)}/`));
}

/** One line per diagnostic, the way terraform prints them, with the file and line. */
export function describeDiagnostic(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}${d.range.start ? `:${d.range.start.line}` : ""})` : "";
  const what = d.address ? ` [${d.address}]` : "";
  return `${d.summary}${what}${where}${d.detail ? `: ${d.detail.trim()}` : ""}`;
}
