import { tierSettings, workloadNames, type Account, type OrgConfig, type TierSettings } from "../../config";
import type { AccountStack } from "../account-stack";

/** What every part of a workload stack reads: the stack, its account, the tier's settings and the account's names. */
export interface WorkloadContext {
  readonly stack: AccountStack;
  readonly config: OrgConfig;
  readonly account: Account;
  readonly accountId: string;
  readonly tier: TierSettings;
  readonly names: ReturnType<typeof workloadNames>;
}

export function workloadContext(stack: AccountStack): WorkloadContext {
  const { config, account } = stack;
  return { stack, config, account, accountId: stack.accountId, tier: tierSettings(config, account.tier), names: workloadNames(config, account) };
}
