import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { accountZoneName, allIdsKnown, delegatedZoneAccounts, dnsDelegationRoleName, kmsAlias, registryRepositories, servicesAccounts } from "../config";
import { EcrRepository } from "../modules/ecr-repository";
import { IamRole } from "../modules/iam-role";
import { KmsKey } from "../modules/kms-key";
import { toLogicalId } from "../modules/lib/address";
import { ciTiers, dnsDelegationPolicy, dnsDelegationTrust, ecrRepositoryPolicy } from "./access";

import { AccountStack, type AccountStackProps } from "./account-stack";
import { addAccessLogBucket } from "./access-logs";
import { addAuditArchive } from "./audit-archive";

/**
 * Shared services of the tiers this account serves (both, or with a services account per tier — eurus — its own):
 * the container registry (pulled by those tiers' workload accounts, pushed only by their CI roles), the parent DNS
 * zone of their workload zones, and per tier a role that may write only that tier's NS delegations into it. The
 * apex zone lives in the state account; a nonprod services account holds the nonprod tier zone, delegated from the
 * apex through the apex account's nonprod delegation role.
 */
export class SharedServicesStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const { config } = this;
    if (config.auditAccountName === this.account.name && config.stateAccountName !== this.account.name) addAuditArchive(this, config, this.account, addAccessLogBucket(this, config, this.account.id!));
    addSharedServices(this);
  }
}

/** The registry, the parent zone and the DNS delegation roles of the tiers `stack`'s account serves (none: nothing). */
export function addSharedServices(stack: AccountStack): void {
  const { config } = stack;
  const served = servicesAccounts(config).find((s) => s.account.name === stack.account.name);
  if (!served) return; // a shared-services account that serves no tier holds the baseline only
  const central = stack.account.name === config.stateAccountName;

  const ecrKey = new KmsKey(stack, "ecr_key", {
    accountId: stack.accountId,
    alias: kmsAlias(config, "ecr"),
    description: central ? "ECR repositories of the organization" : "ECR repositories of the nonprod tier",
  });
  const idsKnown = allIdsKnown(config);
  for (const repository of config.ecr.repositories) {
    for (const { tier, name } of registryRepositories(repository, served.tiers)) {
      // The first repository of each name keeps its address: ecr_<name> (prod's, or the tier's own registry's).
      new EcrRepository(stack, toLogicalId(name === repository ? `ecr_${repository}` : `ecr_${name}`), {
        repositoryName: name,
        kmsKeyArn: ecrKey.keyArn,
        keepLastImages: config.ecr.keepLastImages,
        policyStatements: idsKnown ? ecrRepositoryPolicy(config, tier) : undefined,
      });
    }
  }

  const zoneName = central ? config.organization.dnsDomain : accountZoneName(config, stack.account);
  const zone = stack.publicZone(
    "parent_zone",
    zoneName,
    central ? "parent zone; workload zones are delegated from it" : `${served.tiers.join(", ")} tier zone; delegated from ${config.organization.dnsDomain}`,
  );
  new TerraformOutput(stack, "parent_zone_id", {
    value: zone.zoneId,
    description: central ? "Set organization.dnsZoneId to this to turn on NS delegation" : `Set dns.zoneId of ${stack.account.name} to this to turn on NS delegation`,
  });
  if (!central) {
    new TerraformOutput(stack, "zone_name_servers", { value: zone.nameServers, description: `NS records delegating ${zoneName}` });
    stack.delegateFromParent(zone);
  }
  if (idsKnown) {
    for (const tier of ciTiers(config)) {
      if (!central && !served.tiers.includes(tier)) continue;
      const delegated = delegatedZoneAccounts(config, stack.account, tier);
      if (!central && delegated.length === 0) continue;
      const what = delegated.every((a) => a.role === "workload") ? "workload zones" : "zones";
      new IamRole(stack, `dns_delegation_${tier}`, {
        roleName: dnsDelegationRoleName(config, tier),
        description: `Writes only the NS delegations of ${tier} ${what} into ${zoneName}`,
        trustStatements: dnsDelegationTrust(config, tier),
        inlinePolicies: { "delegate-tier-zones": dnsDelegationPolicy(config, tier, zone.zoneArn, stack.account) },
      });
    }
  }
}
