import type { Construct } from "constructs";
import { enabledAccounts, stateAccount, STATE_BACKEND_STACK, type Account, type OrgConfig } from "../config";
import { StateBackendStack } from "../state-backend/bootstrap-stack";
import type { AccountStack, AccountStackProps } from "./account-stack";
import { BaselineStack } from "./baseline-stack";
import { ManagementStack } from "./management-stack";
import { SharedServicesStack } from "./shared-services-stack";
import { WorkloadStack } from "./workload-stack";

export interface BuildOptions {
  /**
   * Bootstrap: only the management and state-backend stacks, both on local state, with providers that work
   * before the deploy roles exist. Accounts without an id are skipped.
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

/** Apply order: state backend → management → identity → shared services → sandbox → nonprod → prod workloads. */
const ROLE_ORDER: Account["role"][] = ["management", "identity", "shared-services", "sandbox", "workload"];

export function applyOrder(config: OrgConfig): string[] {
  const accounts = [...enabledAccounts(config)].sort(
    (a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || (a.tier === b.tier ? 0 : a.tier === "nonprod" ? -1 : 1),
  );
  return [STATE_BACKEND_STACK, ...accounts.map((a) => a.name)];
}

/** Adds one stack per enabled account, plus the state-backend stack, to `scope` (an App). */
export function buildStacks(scope: Construct, config: OrgConfig, options: BuildOptions = {}): AccountStack[] {
  const bootstrap = options.bootstrap ?? false;
  const stacks: AccountStack[] = [];
  const state = stateAccount(config);
  if (!bootstrap || state.id) {
    stacks.push(new StateBackendStack(scope, { config, account: state, bootstrap, localState: bootstrap }));
  }
  const byName = new Map(enabledAccounts(config).map((a) => [a.name, a]));
  for (const name of applyOrder(config).slice(1)) {
    const account = byName.get(name)!;
    if (bootstrap && account.role !== "management") continue;
    const Stack = STACK_FOR_ROLE[account.role];
    stacks.push(new Stack(scope, { config, account, bootstrap, localState: bootstrap }));
  }
  return stacks;
}
