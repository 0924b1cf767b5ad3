import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { dnsDelegationRoleName, kmsAlias } from "../config";
import { EcrRepository } from "../modules/ecr-repository";
import { HostedZone } from "../modules/hosted-zone";
import { IamRole } from "../modules/iam-role";
import { KmsKey } from "../modules/kms-key";
import { toLogicalId } from "../modules/lib/address";
import { ciTiers, dnsDelegationPolicy, dnsDelegationTrust, ecrRepositoryPolicy } from "./access";
import { allIdsKnown } from "./account-baseline";
import { AccountStack, type AccountStackProps } from "./account-stack";
import { addAuditArchive } from "./audit-archive";

/**
 * Shared services: the container registry (pulled by every workload account, pushed only by CI), the organization's
 * parent DNS zone, and per tier a role that may write only that tier's NS delegations into it.
 */
export class SharedServicesStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const { config } = this;
    if (config.auditAccountName === this.account.name && config.stateAccountName !== this.account.name) addAuditArchive(this, config, this.account);
    // With several shared-services accounts (eurus: one per tier), the registry, the parent zone and the delegation
    // roles live in the one that holds the state; the others hold the baseline only.
    if (config.stateAccountName !== this.account.name) return;
    const ecrKey = new KmsKey(this, "ecr_key", {
      accountId: this.accountId,
      alias: kmsAlias(config, "ecr"),
      description: "ECR repositories of the organization",
    });
    const idsKnown = allIdsKnown(config);
    for (const repository of config.ecr.repositories) {
      new EcrRepository(this, toLogicalId(`ecr_${repository}`), {
        repositoryName: repository,
        kmsKeyArn: ecrKey.keyArn,
        keepLastImages: config.ecr.keepLastImages,
        policyStatements: idsKnown ? ecrRepositoryPolicy(config) : undefined,
      });
    }
    const zone = new HostedZone(this, "parent_zone", { zoneName: config.organization.dnsDomain, comment: "parent zone; workload zones are delegated from it" });
    new TerraformOutput(this, "parent_zone_id", { value: zone.zoneId, description: "Set organization.dnsZoneId to this to turn on NS delegation" });
    if (idsKnown) {
      for (const tier of ciTiers(config)) {
        new IamRole(this, `dns_delegation_${tier}`, {
          roleName: dnsDelegationRoleName(config, tier),
          description: `Writes only the NS delegations of ${tier} workload zones into ${config.organization.dnsDomain}`,
          trustStatements: dnsDelegationTrust(config, tier),
          inlinePolicies: { "delegate-tier-zones": dnsDelegationPolicy(config, tier, zone.zoneArn) },
        });
      }
    }
  }
}
