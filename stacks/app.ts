import { App } from "cdktf";
import type { Construct } from "constructs";
import { enabledAccounts, servicesAccounts, stateBackendStackNames, type Account, type OrgConfig } from "../config";
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
}

const STACK_FOR_ROLE: Record<Account["role"], new (scope: Construct, props: AccountStackProps) => AccountStack> = {
  management: ManagementStack,
  identity: BaselineStack,
  "shared-services": SharedServicesStack,
  workload: WorkloadStack,
  sandbox: BaselineStack,
};

/** Apply order: state backend(s) → audit account → management → identity → shared services → sandbox → nonprod → prod. */
const ROLE_ORDER: Account["role"][] = ["management", "identity", "shared-services", "sandbox", "workload"];

export function applyOrder(config: OrgConfig): string[] {
  // The audit archive must exist before management's trail delivers to it.
  const rank = (a: Account) => (a.name === config.auditAccountName && a.name !== config.stateAccountName ? -1 : ROLE_ORDER.indexOf(a.role));
  const accounts = [...enabledAccounts(config)].sort((a, b) => rank(a) - rank(b) || (a.tier === b.tier ? 0 : a.tier === "nonprod" ? -1 : 1));
  return [...stateBackendStackNames(config), ...accounts.map((a) => a.name)];
}

/** Adds one stack per enabled account, plus the state-backend stack, to `scope` (an App). */
export function buildStacks(scope: Construct, config: OrgConfig, options: BuildOptions = {}): AccountStack[] {
  const bootstrap = options.bootstrap ?? false;
  const stacks: AccountStack[] = [];
  const holders = servicesAccounts(config);
  for (const { account, tiers } of holders) {
    // The nonprod state backend trusts the CI roles of the state account: it needs that id as well.
    if (!bootstrap || (account.id && holders[0].account.id)) {
      stacks.push(new StateBackendStack(scope, { config, account, tiers, bootstrap, localState: bootstrap }));
    }
  }
  const byName = new Map(enabledAccounts(config).map((a) => [a.name, a]));
  for (const name of applyOrder(config).slice(holders.length)) {
    const account = byName.get(name)!;
    if (bootstrap && account.role !== "management" && !account.id) continue;
    const Stack = STACK_FOR_ROLE[account.role];
    stacks.push(new Stack(scope, { config, account, bootstrap, localState: bootstrap }));
  }
  return stacks;
}

/** Builds and synthesizes the app into `outdir`. The config must already be valid. */
export function synthesize(config: OrgConfig, outdir: string, options: BuildOptions = {}): string[] {
  const app = new App({ outdir, skipValidation: false });
  const stacks = buildStacks(app, config, options);
  app.synth();
  return stacks.map((s) => s.node.id);
}
