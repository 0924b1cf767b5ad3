import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { BackupPlan, BackupVault } from ".";

function synth(copyToVaultArn?: string) {
  return JSON.parse(
    Testing.synthScope((s) => {
      const vault = new BackupVault(s, "backup_vault", { vaultName: "acme-backups", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" });
      new BackupPlan(s, "backup_plan", { planName: "acme-backups", vaultName: vault.vaultName, schedule: "cron(0 3 * * ? *)", retentionDays: 35, selectionTag: { key: "lz:backup", value: "acme-daily" }, roleName: "acme-backup", copyToVaultArn });
    }),
  ).resource;
}

describe("BackupVault and BackupPlan", () => {
  it("encrypts the vault with the given key, never force-destroys it, and protects it (CKV_AWS_166)", () => {
    expect(synth().aws_backup_vault.backup_vault).toMatchObject({ name: "acme-backups", kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/k", force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  it("backs up by tag on the schedule, keeps points for the retention, and copies them only when asked", () => {
    const r = synth();
    const rule = r.aws_backup_plan.backup_plan.rule[0];
    expect(rule).toMatchObject({ schedule: "cron(0 3 * * ? *)", lifecycle: { delete_after: 35 } });
    expect(rule.copy_action).toBeUndefined();
    expect(Object.values(r.aws_backup_selection)[0]).toMatchObject({ selection_tag: [{ type: "STRINGEQUALS", key: "lz:backup", value: "acme-daily" }] });
    const copied = synth("arn:aws:backup:eu-central-1:123456789012:backup-vault:acme-backups-copy").aws_backup_plan.backup_plan.rule[0];
    expect(copied.copy_action).toEqual([{ destination_vault_arn: "arn:aws:backup:eu-central-1:123456789012:backup-vault:acme-backups-copy", lifecycle: { delete_after: 35 } }]);
  });

  it("runs as a role only AWS Backup may assume", () => {
    const role = Object.values(synth().aws_iam_role as Record<string, { assume_role_policy: string }>)[0];
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  });
});
