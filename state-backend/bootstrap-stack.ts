import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import {
  ciRoleName,
  lockTableName,
  roleArn,
  stackNamesOfTier,
  stateAccessRoleName,
  stateBucketName,
  stateKey,
  stateKmsAlias,
  stateReaderRoleName,
  STATE_BACKEND_STACK,
  type Tier,
} from "../config";
import { KmsKey } from "../modules/kms-key";
import { accountRootArn, s3BucketArn } from "../modules/lib/policy";
import { LockTable } from "../modules/lock-table";
import { SecureBucket } from "../modules/secure-bucket";
import { AccountStack, type AccountStackProps } from "../stacks/account-stack";
import { addAuditArchive } from "../stacks/audit-archive";
import { addGithubCiRoles } from "../stacks/github-ci";
import { IamRole } from "../modules/iam-role";
import { stateReaderTrust } from "../stacks/access";

/**
 * The `state-backend` stack, in the state (shared-services) account: the state KMS key, bucket and lock table
 * every other stack's backend points at, and one state-access role per tier. It starts on local state
 * (`npm run synth -- --bootstrap`) and then migrates into its own bucket.
 */
export class StateBackendStack extends AccountStack {
  readonly bucketName: string;
  readonly lockTableName: string;

  constructor(scope: Construct, props: AccountStackProps) {
    // The shared-services stack holds the account's baseline; this stack only the state foundation.
    super(scope, STATE_BACKEND_STACK, props, { baseline: false });
    const { config } = this;
    const accountId = this.accountId;

    const key = new KmsKey(this, "state_key", {
      accountId,
      alias: stateKmsAlias(config),
      description: "Terraform state of every landing-zone stack",
    });
    const bucket = new SecureBucket(this, "state_bucket", {
      bucketName: stateBucketName(config, accountId),
      kmsKeyArn: key.keyArn,
      noncurrentVersionExpirationDays: 365,
    });
    const table = new LockTable(this, "lock_table", { tableName: lockTableName(config), kmsKeyArn: key.keyArn });
    this.bucketName = bucket.bucketName;
    this.lockTableName = table.tableName;

    for (const tier of ["nonprod", "prod"] as const) {
      const stacks = stackNamesOfTier(config, tier);
      const keyArns = stacks.map((s) => `${s3BucketArn(bucket.bucketName)}/${stateKey(s)}`);
      const lockIds = stacks.flatMap((s) => [`${bucket.bucketName}/${stateKey(s)}`, `${bucket.bucketName}/${stateKey(s)}-md5`]);
      new IamRole(this, `state_access_${tier}`, {
        roleName: stateAccessRoleName(config, tier),
        description: `Reads and writes the Terraform state of the ${tier} stacks only`,
        trustStatements: [
          {
            Sid: "TierDeployersOnly",
            Effect: "Allow",
            Principal: { AWS: accountRootArn(accountId) },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": statePrincipals(config, accountId, tier) } },
          },
        ],
        inlinePolicies: {
          "terraform-state": [
            { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: s3BucketArn(bucket.bucketName) },
            { Sid: "ReadWriteTierState", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: keyArns },
            {
              Sid: "LockTierState",
              Effect: "Allow",
              Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
              Resource: table.tableArn,
              Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": lockIds } },
            },
            { Sid: "UseStateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: key.keyArn },
          ],
        },
      });
    }

    // Read-only state for operators (humans from the identity account, MFA) and pull-request plans.
    new IamRole(this, "state_reader", {
      roleName: stateReaderRoleName(config),
      description: "Reads (never writes) every stack's Terraform state",
      trustStatements: stateReaderTrust(config),
      inlinePolicies: {
        "read-state": [
          { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: s3BucketArn(bucket.bucketName) },
          { Sid: "ReadState", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${s3BucketArn(bucket.bucketName)}/stacks/*` },
          { Sid: "DecryptState", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: key.keyArn },
        ],
      },
    });

    // CI roles live here, not in the shared-services stack: every other stack's deploy role trusts them by ARN, and
    // IAM rejects trust in a principal that does not exist yet — this stack is applied first.
    addGithubCiRoles(this, config);
    if (config.auditAccountName === this.account.name) addAuditArchive(this, config, this.account);

    new TerraformOutput(this, "state_bucket_name", { value: bucket.bucketName });
    new TerraformOutput(this, "lock_table_name", { value: table.tableName });
  }
}

/**
 * Who may assume a tier's state role: the CI role of that tier, the prod CI role (it deploys everywhere), and the
 * admin role of the state account (operators).
 */
export function statePrincipals(config: AccountStackProps["config"], stateAccountId: string, tier: Tier): string[] {
  const ci = tier === "prod" ? [ciRoleName(config, "prod")] : [ciRoleName(config, "nonprod"), ciRoleName(config, "prod")];
  return [...ci.map((name) => `arn:aws:iam::${stateAccountId}:role/${name}`), roleArn(config, stateAccountId, "admin")];
}
