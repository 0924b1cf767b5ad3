import type { Construct } from "constructs";
import { kmsAlias } from "../config";
import { EcrRepository } from "../modules/ecr-repository";
import { HostedZone } from "../modules/hosted-zone";
import { KmsKey } from "../modules/kms-key";
import { toLogicalId } from "../modules/lib/address";
import { AccountStack, type AccountStackProps } from "./account-stack";
import { addAuditArchive } from "./audit-archive";

/** Shared services: the container registry and the organization's parent DNS zone. */
export class SharedServicesStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const { config } = this;
    const ecrKey = new KmsKey(this, "ecr_key", {
      accountId: this.accountId,
      alias: kmsAlias(config, "ecr"),
      description: "ECR repositories of the organization",
    });
    for (const repository of config.ecr.repositories) {
      new EcrRepository(this, toLogicalId(`ecr_${repository}`), {
        repositoryName: repository,
        kmsKeyArn: ecrKey.keyArn,
        keepLastImages: config.ecr.keepLastImages,
      });
    }
    new HostedZone(this, "parent_zone", { zoneName: config.organization.dnsDomain, comment: "parent zone; workload zones are delegated from it" });
    if (config.auditAccountName === this.account.name && config.stateAccountName !== this.account.name) addAuditArchive(this, config, this.account);
  }
}
