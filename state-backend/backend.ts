import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import {
  kmsAliasArn,
  lockTableName,
  requireAccountId,
  servicesAccount,
  stateAccessRoleArn,
  stateBucketName,
  stateKey,
  stateKmsAlias,
  type OrgConfig,
  type Tier,
} from "../config";

/** Everything a stack's S3 backend block says, derived from config. */
export interface StateBackendSettings {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly dynamodbTable: string;
  readonly kmsKeyId: string;
  /** Role in the tier's state account that may read/write this tier's state keys. */
  readonly roleArn: string;
}

export function stateBackendSettings(config: OrgConfig, stackName: string, tier: Tier): StateBackendSettings {
  const account = servicesAccount(config, tier);
  const accountId = requireAccountId(account, "the Terraform state bucket name");
  return {
    bucket: stateBucketName(config, accountId),
    key: stateKey(stackName),
    region: config.organization.homeRegion,
    dynamodbTable: lockTableName(config),
    kmsKeyId: kmsAliasArn(config.organization.homeRegion, accountId, stateKmsAlias(config)),
    roleArn: stateAccessRoleArn(config, tier, "the Terraform state bucket name"),
  };
}

/** Local state file used before the bucket exists (bootstrap), relative to the stack's directory. */
export const BOOTSTRAP_STATE_FILE = "terraform.tfstate";

/**
 * The one backend every stack uses: S3 in its tier's state account (the state account, or nonprod's own services account), DynamoDB locking, SSE-KMS with the state key, reached
 * through the tier's state-access role. `local: true` is the bootstrap variant (state next to the stack, to be
 * migrated into the bucket with `terraform init -migrate-state` once it exists).
 */
export function useStateBackend(stack: TerraformStack, config: OrgConfig, stackName: string, tier: Tier, options: { local?: boolean } = {}): void {
  if (options.local) {
    new LocalBackend(stack, { path: BOOTSTRAP_STATE_FILE });
    return;
  }
  const s = stateBackendSettings(config, stackName, tier);
  new S3Backend(stack, {
    bucket: s.bucket,
    key: s.key,
    region: s.region,
    encrypt: true,
    kmsKeyId: s.kmsKeyId,
    dynamodbTable: s.dynamodbTable,
    assumeRole: { roleArn: s.roleArn, sessionName: `landing-zone-state-${stackName}`.slice(0, 64) },
  });
}
