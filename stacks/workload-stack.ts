import type { Construct } from "constructs";
import { availabilityZoneNames, kmsAlias, planSubnets, roleName, tierSettings } from "../config";
import { cloudWatchLogsKeyStatement, KmsKey } from "../modules/kms-key";
import { Network } from "../modules/network";
import { AccountStack, type AccountStackProps } from "./account-stack";

/** A workload account (nonprod or prod tier): its network and its own KMS keys, sized by the tier's settings. */
export class WorkloadStack extends AccountStack {
  readonly network: Network;
  readonly dataKey: KmsKey;
  readonly logsKey: KmsKey;

  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const { config, account } = this;
    const tier = tierSettings(config, account.tier);
    const accountId = this.accountId;

    this.dataKey = new KmsKey(this, "data_key", {
      accountId,
      alias: kmsAlias(config, "data"),
      description: `Data at rest in ${account.name} (databases, caches, queues, buckets)`,
    });
    this.logsKey = new KmsKey(this, "logs_key", {
      accountId,
      alias: kmsAlias(config, "logs"),
      description: `CloudWatch Logs of ${account.name}`,
      statements: [cloudWatchLogsKeyStatement(account.region, accountId)],
    });

    const azCount = tier.network.azCount;
    this.network = new Network(this, "network", {
      name: account.name,
      cidr: account.network!.cidr,
      availabilityZones: availabilityZoneNames(account.region, azCount),
      subnets: planSubnets(account.network!.cidr, azCount),
      natGateways: tier.network.natGateways,
      flowLogs: { kmsKeyArn: this.logsKey.keyArn, roleName: roleName(config, "vpc-flow-logs") },
    });
  }
}
