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

/**
 * The key id every backend sends with its writes: the state key's alias ARN (a key ARN from the state-backend stack is
 * unknowable to the others). The state bucket's policy must admit exactly this value.
 */
export function stateKmsKeyId(config: OrgConfig, stateAccountId: string): string {
  return kmsAliasArn(config.organization.homeRegion, stateAccountId, stateKmsAlias(config));
}

export function stateBackendSettings(config: OrgConfig, stackName: string, tier: Tier): StateBackendSettings {
  const account = servicesAccount(config, tier);
  const accountId = requireAccountId(account, "the Terraform state bucket name");
  return {
    bucket: stateBucketName(config, accountId),
    key: stateKey(stackName),
    region: config.organization.homeRegion,
    dynamodbTable: lockTableName(config),
    kmsKeyId: stateKmsKeyId(config, accountId),
    roleArn: stateAccessRoleArn(config, tier, "the Terraform state bucket name"),
  };
}

/**
 * Where bootstrap stacks keep their local state before the bucket exists: `bootstrap-state/<stack>/terraform.tfstate`
 * at the repository root, outside cdktf.out/ (which every synth replaces whole). Never commit it (.gitignore).
 */
export const BOOTSTRAP_STATE_DIR = "bootstrap-state";
/** The same folder as seen from a stack's directory when the output is cdktf.out/ (cdktf.out/stacks/<stack>/). */
export const DEFAULT_LOCAL_STATE_DIR = `../../../${BOOTSTRAP_STATE_DIR}`;
export const bootstrapStateFile = (localStateDir: string, stackName: string) => `${localStateDir}/${stackName}/terraform.tfstate`;

/**
 * The one backend every stack uses: S3 in its tier's state account (the state account, or nonprod's own services account), DynamoDB locking, SSE-KMS with the state key, reached
 * through the tier's state-access role. `localStateDir` is the bootstrap variant (state in bootstrap-state/<stack>/,
 * pushed into the bucket with `terraform state push` once it exists).
 */
export function useStateBackend(stack: TerraformStack, config: OrgConfig, stackName: string, tier: Tier, options: { localStateDir?: string } = {}): void {
  if (options.localStateDir !== undefined) {
    new LocalBackend(stack, { path: bootstrapStateFile(options.localStateDir, stackName) });
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
