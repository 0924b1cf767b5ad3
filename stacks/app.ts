import { relative, resolve, sep } from "node:path";
import { App } from "cdktf";
// Not re-exported by the package index; a deep import like the provider classes'.
import { ValidateProviderPresence } from "cdktf/lib/validations";
import type { Construct } from "constructs";
import {
  accountByName,
  enabledAccounts,
  identityAccount,
  managementAccount,
  parentZone,
  NONPROD_STATE_BACKEND_STACK,
  servicesAccounts,
  STATE_BACKEND_STACK,
  stateBackendStackNames,
  type Account,
  type OrgConfig,
} from "../config";
import { BOOTSTRAP_STATE_DIR, DEFAULT_LOCAL_STATE_DIR } from "../state-backend/backend";
import { StateBackendStack } from "./state-backend-stack";
import type { AccountStack, AccountStackProps } from "./account-stack";
import { BaselineStack } from "./baseline-stack";
import { ManagementStack } from "./management-stack";
import { SharedServicesStack } from "./shared-services-stack";
import { WorkloadStack } from "./workload-stack";

export interface BuildOptions {
  /**
   * Bootstrap: every stack on local state, with providers that work before the deploy roles exist (the operator's
   * management credentials, OrganizationAccountAccessRole in members). Accounts without an id are skipped, and
   * until every id is known the management stack holds only the organization and the accounts.
   */
  readonly bootstrap?: boolean;
  /** Bootstrap: the folder of the local states, relative to each stack's directory. @default DEFAULT_LOCAL_STATE_DIR */
  readonly localStateDir?: string;
  /** Only these stacks (no stack refers to another, so any subset synthesizes as it would in the whole). @default all */
  readonly only?: readonly string[];
}

const STACK_FOR_ROLE: Record<Account["role"], new (scope: Construct, props: AccountStackProps) => AccountStack> = {
  management: ManagementStack,
  identity: BaselineStack,
  "shared-services": SharedServicesStack,
  workload: WorkloadStack,
  sandbox: BaselineStack,
  security: BaselineStack,
  "log-archive": BaselineStack,
};

/**
 * Apply order: by apply rank (state backends, audit archive, management, identity, shared services, sandbox and
 * workloads, replication sources), nonprod before prod within a rank, config order otherwise.
 */
export function applyOrder(config: OrgConfig): string[] {
  const tierOrder = (a: Account) => (a.tier === "nonprod" ? 0 : 1);
  const accounts = [...enabledAccounts(config)].sort((a, b) => applyRank(config, a.name) - applyRank(config, b.name) || tierOrder(a) - tierOrder(b));
  return [...stateBackendStackNames(config), ...accounts.map((a) => a.name)];
}

/** GitHub Actions runs at most this many jobs from one matrix. */
export const MAX_MATRIX_JOBS = 256;

/**
 * When a stack may apply relative to the others (lower first; equal ranks are independent of each other): the state
 * backends (nonprod's trusts the central CI roles), the audit archive before the trail that delivers to it, the
 * organization, identities, the apex zone before the zones delegated from it, then sandbox and workloads, with a
 * replication source after the destination bucket it replicates into (S3 checks that it exists).
 */
export function applyRank(config: OrgConfig, stack: string): number {
  if (stack === STATE_BACKEND_STACK) return 0;
  if (stack === NONPROD_STATE_BACKEND_STACK) return 1;
  const account = accountByName(config, stack);
  if (account.name === config.auditAccountName && account.name !== config.stateAccountName) return 2;
  switch (account.role) {
    case "management":
      return 3;
    case "identity":
    case "security":
    case "log-archive": // the audit account (rank 2 above) unless audit.account names another
      return 4;
    case "shared-services":
      return account.name === config.stateAccountName ? 5 : 6;
    case "sandbox":
      return 7;
    case "workload":
      return config.dataReplication.some((r) => r.source === account.name) ? 8 : 7;
  }
}

/**
 * The stacks to apply, in waves: each wave's stacks apply in parallel once every earlier wave has applied, and no
 * wave is larger than a GitHub Actions matrix allows (a larger rank is split into consecutive waves).
 */
export function applyWaves(config: OrgConfig, stacks: readonly string[], maxPerWave = MAX_MATRIX_JOBS): string[][] {
  const order = applyOrder(config);
  const byRank = new Map<number, string[]>();
  for (const stack of [...stacks].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
    const rank = applyRank(config, stack);
    byRank.set(rank, [...(byRank.get(rank) ?? []), stack]);
  }
  return [...byRank.keys()].sort((a, b) => a - b).flatMap((rank) => {
    const members = byRank.get(rank)!;
    return Array.from({ length: Math.ceil(members.length / maxPerWave) }, (_, i) => members.slice(i * maxPerWave, (i + 1) * maxPerWave));
  });
}

/** Adds one stack per enabled account, plus the state-backend stack, to `scope` (an App). */
export function buildStacks(scope: Construct, config: OrgConfig, options: BuildOptions = {}): AccountStack[] {
  const bootstrap = options.bootstrap ?? false;
  const localStateDir = bootstrap ? (options.localStateDir ?? DEFAULT_LOCAL_STATE_DIR) : undefined;
  const stacks: AccountStack[] = [];
  const holders = servicesAccounts(config);
  const wanted = (stack: string) => !options.only || options.only.includes(stack);
  // Every member stack names the management account and the account humans sign in to in its trust policies: until
  // both have ids (the bootstrap asks for them after its first step), a bootstrap synthesizes the organization alone.
  const trustAnchorsKnown = !bootstrap || [managementAccount(config), identityAccount(config)].every((a) => a.id);
  for (const { account, tiers } of holders) {
    if (!wanted(account.name === config.stateAccountName ? STATE_BACKEND_STACK : NONPROD_STATE_BACKEND_STACK)) continue;
    // The nonprod state backend trusts the CI roles of the state account: it needs that id as well.
    if (!bootstrap || (account.id && holders[0].account.id && trustAnchorsKnown)) {
      stacks.push(new StateBackendStack(scope, { config, account, tiers, bootstrap, localStateDir }));
    }
  }
  const byName = new Map(enabledAccounts(config).map((a) => [a.name, a]));
  for (const name of applyOrder(config).slice(holders.length)) {
    const account = byName.get(name)!;
    if (!wanted(name)) continue;
    if (bootstrap && account.role !== "management" && (!account.id || !trustAnchorsKnown)) continue;
    // A workload stack waits for its parent zone's id: its certificates validate only through the delegation.
    if (bootstrap && account.role === "workload" && !parentZone(config, account)?.zoneId) continue;
    const Stack = STACK_FOR_ROLE[account.role];
    stacks.push(new Stack(scope, { config, account, bootstrap, localStateDir }));
  }
  return stacks;
}

/**
 * Builds and synthesizes the app into `outdir`. The config must already be valid.
 *
 * cdktf's own validations are run here rather than by cdktf: besides checking that every resource's provider exists
 * (kept), they run `terraform version` for each import block (adopted organizations) and would fail synth on a
 * machine without terraform — a laptop, or a workflow job before setup-terraform. The Terraform version is checked
 * where Terraform runs (verify, the workflows' pinned setup-terraform).
 */
export function synthesize(config: OrgConfig, outdir: string, options: BuildOptions = {}): string[] {
  const app = new App({ outdir, skipValidation: true });
  // Local states live in bootstrap-state/ at the repository root, whatever the output directory.
  const localStateDir = relative(resolve(outdir, "stacks", "stack"), resolve(BOOTSTRAP_STATE_DIR)).split(sep).join("/");
  const stacks = buildStacks(app, config, { localStateDir, ...options });
  const missing = stacks.flatMap((stack) => new ValidateProviderPresence(stack).validate());
  if (missing.length) throw new Error(`synth: ${missing.join("; ")}`);
  app.synth();
  return stacks.map((s) => s.node.id);
}
