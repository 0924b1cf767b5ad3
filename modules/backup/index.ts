import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { BackupPlan as AwsBackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault as AwsBackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { IamRole } from "../iam-role";
import { pinAddress, protect } from "../lib/address";

export interface BackupVaultProps {
  readonly vaultName: string;
  readonly kmsKeyArn: string;
  /** Provider for another region (cross-region copies). @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /**
   * AWS Backup Vault Lock: recovery points can be neither deleted before `minRetentionDays` nor kept past
   * `maxRetentionDays`, by anyone. With `changeableForDays` it is compliance mode: after that grace period nobody,
   * not even the account root or AWS, can remove the lock or shorten retention. @default no lock
   */
  readonly lock?: { readonly minRetentionDays: number; readonly maxRetentionDays: number; readonly changeableForDays?: number };
}

/** A KMS-encrypted backup vault, protected from destroy. */
export class BackupVault extends Construct {
  readonly vaultArn: string;
  readonly vaultName: string;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const vault = protect(
      new AwsBackupVault(this, "vault", { name: props.vaultName, kmsKeyArn: props.kmsKeyArn, forceDestroy: false, provider: props.provider }),
      id,
    );
    this.vaultArn = vault.arn;
    this.vaultName = props.vaultName;
    if (props.lock) {
      pinAddress(
        new BackupVaultLockConfiguration(this, "lock", {
          backupVaultName: vault.name,
          minRetentionDays: props.lock.minRetentionDays,
          maxRetentionDays: props.lock.maxRetentionDays,
          changeableForDays: props.lock.changeableForDays,
          provider: props.provider,
        }),
        id,
      );
    }
  }
}

export interface BackupPlanProps {
  readonly planName: string;
  readonly vaultName: string;
  readonly schedule: string;
  readonly retentionDays: number;
  /** Copy every recovery point to this vault (another region), kept as long. @default no copy */
  readonly copyToVaultArn?: string;
  /** Resources carrying this tag are backed up. */
  readonly selectionTag: { readonly key: string; readonly value: string };
  readonly roleName: string;
}

/** Backup plan selecting resources by tag, with an optional cross-region copy. */
export class BackupPlan extends Construct {
  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    const plan = pinAddress(
      new AwsBackupPlan(this, "plan", {
        name: props.planName,
        rule: [
          {
            ruleName: "scheduled",
            targetVaultName: props.vaultName,
            schedule: props.schedule,
            startWindow: 60,
            completionWindow: 360,
            lifecycle: { deleteAfter: props.retentionDays },
            recoveryPointTags: { "lz:backup-plan": props.planName },
            copyAction: props.copyToVaultArn
              ? [{ destinationVaultArn: props.copyToVaultArn, lifecycle: { deleteAfter: props.retentionDays } }]
              : undefined,
          },
        ],
      }),
      id,
    );
    const role = new IamRole(this, `${id}_service`, {
      roleName: props.roleName,
      description: "AWS Backup backs up and restores the tagged resources",
      trustStatements: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
      managedPolicyArns: [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ],
    });
    pinAddress(
      new BackupSelection(this, "selection", {
        name: `${props.planName}-tagged`,
        planId: plan.id,
        iamRoleArn: role.roleArn,
        selectionTag: [{ type: "STRINGEQUALS", key: props.selectionTag.key, value: props.selectionTag.value }],
      }),
      id,
    );
  }
}
