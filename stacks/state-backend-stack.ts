import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import {
  lockTableName,
  NONPROD_STATE_BACKEND_STACK,
  stackNamesOfTier,
  stateAccessRoleName,
  stateBucketName,
  stateKey,
  stateObjectPrincipals,
  ciPlanRoleArn,
  nonprodStateReaderRoleName,
  stateKmsAlias,
  stateReaderRoleName,
  STATE_BACKEND_STACK,
  type Tier,
} from "../config";
import { IamRole } from "../modules/iam-role";
import { KmsKey } from "../modules/kms-key";
import { accountRootArn, s3BucketArn } from "../modules/lib/policy";
import { LockTable } from "../modules/lock-table";
import { SecureBucket } from "../modules/secure-bucket";
import { statePrincipals, stateReaderTrust } from "./access";
import { addAccessLogBucket } from "./access-logs";
import { AccountStack, type AccountStackProps } from "./account-stack";
import { addAuditArchive } from "./audit-archive";
import { addGithubCiRoles, repositoryVariables } from "./github-ci";
import { stateKmsKeyId } from "../state-backend/backend";

export interface StateBackendStackProps extends AccountStackProps {
  /** Tiers whose state this account holds: both, or with a services account per tier (eurus) its own tier only. */
  readonly tiers: readonly Tier[];
}

/**
 * The `state-backend` stack, in the state (shared-services) account: the state KMS key, bucket and lock table
 * every other stack's backend points at, one state-access role per tier, the state reader, the CI roles and (unless
 * another account is named) the audit archive. With a services account per tier, `state-backend-nonprod` holds the
 * same foundation for the nonprod stacks in nonprod's own account (no CI roles, no archive: those stay central).
 * It starts on local state (`npm run synth -- --bootstrap`) and then migrates into its own bucket.
 */
export class StateBackendStack extends AccountStack {
  readonly bucketName: string;
  readonly lockTableName: string;

  constructor(scope: Construct, props: StateBackendStackProps) {
    const central = props.account.name === props.config.stateAccountName;
    // The shared-services stack holds the account's baseline; this stack only the state foundation.
    super(scope, central ? STATE_BACKEND_STACK : NONPROD_STATE_BACKEND_STACK, props, { baseline: false });
    const { config } = this;
    const accountId = this.accountId;

    const key = new KmsKey(this, "state_key", {
      accountId,
      alias: stateKmsAlias(config),
      description: "Terraform state of every landing-zone stack",
      statements: [
        {
          // The same principals as the bucket's objects. Calls AWS services make on their own (DynamoDB's table-key
          // grants) carry no principal ARN and are not affected; S3 and DynamoDB calls on a caller's behalf are.
          Sid: "StatePrincipalsOnlyUseTheKey",
          Effect: "Deny",
          Principal: "*",
          Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalArn": stateObjectPrincipals(config, accountId, props.tiers) }, Null: { "aws:PrincipalArn": "false" } },
        },
      ],
    });
    const accessLogs = addAccessLogBucket(this, config, accountId);
    const bucket = new SecureBucket(this, "state_bucket", {
      bucketName: stateBucketName(config, accountId),
      kmsKeyArn: key.keyArn,
      // S3 compares the key id a writer names: every backend names the key by its alias ARN.
      kmsKeyAliases: [stateKmsKeyId(config, accountId)],
      accessLogs: accessLogs(stateBucketName(config, accountId)),
      noncurrentVersionExpirationDays: 365,
      policyStatements: [
        {
          Sid: "StatePrincipalsOnly",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:RestoreObject", "s3:PutObjectAcl", "s3:PutObjectVersionAcl"],
          Resource: `${s3BucketArn(stateBucketName(config, accountId))}/*`,
          Condition: { ArnNotLike: { "aws:PrincipalArn": stateObjectPrincipals(config, accountId, props.tiers) } },
        },
      ],
    });
    const table = new LockTable(this, "lock_table", { tableName: lockTableName(config), kmsKeyArn: key.keyArn });
    this.bucketName = bucket.bucketName;
    this.lockTableName = table.tableName;

    for (const tier of props.tiers) {
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
            // Account roots + ArnEquals rather than the role ARNs: IAM rejects trust in roles that do not exist yet.
            Principal: { AWS: principalRoots(statePrincipals(config, accountId, tier)) },
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

    // Read-only state for operators (humans from the identity account, MFA) and main-branch plans (drift).
    new IamRole(this, "state_reader", {
      roleName: stateReaderRoleName(config),
      description: "Reads (never writes) every stack's Terraform state",
      trustStatements: stateReaderTrust(config, this.account),
      inlinePolicies: {
        "read-state": [
          { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: s3BucketArn(bucket.bucketName) },
          { Sid: "ReadState", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${s3BucketArn(bucket.bucketName)}/stacks/*` },
          { Sid: "DecryptState", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: key.keyArn },
        ],
      },
    });

    // Pull-request plans read nonprod state only (the reader above reads every stack's).
    if (props.tiers.includes("nonprod") && config.ci.planOnPullRequest) {
      const nonprodKeys = stackNamesOfTier(config, "nonprod").map((s) => `${s3BucketArn(bucket.bucketName)}/${stateKey(s)}`);
      new IamRole(this, "state_reader_nonprod", {
        roleName: nonprodStateReaderRoleName(config),
        description: "Reads (never writes) the Terraform state of the nonprod stacks only: pull-request plans",
        trustStatements: [
          {
            Sid: "PullRequestPlansOnly",
            Effect: "Allow",
            // Account root + ArnEquals: the plan role may not exist yet when this role is created (same stack).
            Principal: { AWS: principalRoots([ciPlanRoleArn(config)]) },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": [ciPlanRoleArn(config)] } },
          },
        ],
        inlinePolicies: {
          "read-nonprod-state": [
            { Sid: "ReadNonprodState", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: nonprodKeys },
            { Sid: "ListNonprodState", Effect: "Allow", Action: "s3:ListBucket", Resource: s3BucketArn(bucket.bucketName), Condition: { StringLike: { "s3:prefix": stackNamesOfTier(config, "nonprod").map((s) => stateKey(s)) } } },
            { Sid: "DecryptState", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: key.keyArn },
          ],
        },
      });
    }

    // CI roles live here, not in the shared-services stack: every other stack's deploy role trusts them by ARN, and
    // IAM rejects trust in a principal that does not exist yet — this stack is applied first.
    if (central) {
      addGithubCiRoles(this, config);
      new TerraformOutput(this, "github_repository_variables", {
        description: "The repository variables the workflows read (npm run github:setup prints the gh commands)",
        value: repositoryVariables(config),
      });
    }
    if (config.auditAccountName === this.account.name) addAuditArchive(this, config, this.account, accessLogs);

    new TerraformOutput(this, "state_bucket_name", { value: bucket.bucketName });
    new TerraformOutput(this, "lock_table_name", { value: table.tableName });
  }
}

/** The root principals of the accounts some IAM ARNs belong to (one string when there is one account). */
function principalRoots(arns: string[]): string | string[] {
  const roots = [...new Set(arns.map((arn) => accountRootArn(arn.split(":")[4])))];
  return roots.length === 1 ? roots[0] : roots;
}
