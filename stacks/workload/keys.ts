import { kmsAlias } from "../../config";
import { cloudWatchLogsKeyStatement, KmsKey, topicPublisherKeyStatement } from "../../modules/kms-key";
import type { WorkloadContext } from "./context";

export interface WorkloadKeys {
  /** Databases, caches, queues, secrets. */
  readonly data: KmsKey;
  /** CloudWatch Logs and the alarm topic. */
  readonly logs: KmsKey;
  readonly backups: KmsKey;
}

/** One key per purpose, never shared with another account. */
export function addWorkloadKeys({ stack, config, account, accountId }: WorkloadContext): WorkloadKeys {
  return {
    data: new KmsKey(stack, "data_key", {
      accountId,
      alias: kmsAlias(config, "data"),
      description: `Data at rest in ${account.name} (databases, caches, queues, secrets)`,
    }),
    logs: new KmsKey(stack, "logs_key", {
      accountId,
      alias: kmsAlias(config, "logs"),
      description: `CloudWatch Logs and the alarm topic of ${account.name}`,
      statements: [
        cloudWatchLogsKeyStatement(account.region, accountId),
        topicPublisherKeyStatement("CloudWatchAlarmsPublishToEncryptedTopic", "cloudwatch.amazonaws.com"),
      ],
    }),
    backups: new KmsKey(stack, "backups_key", { accountId, alias: kmsAlias(config, "backups"), description: `AWS Backup vault of ${account.name}` }),
  };
}
