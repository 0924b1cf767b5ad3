import { backupCopyRegion, backupVaultLock, kmsAlias } from "../../config";
import { BackupPlan, BackupVault } from "../../modules/backup";
import { KmsKey } from "../../modules/kms-key";
import type { WorkloadContext } from "./context";
import type { WorkloadKeys } from "./keys";

/** A vault here; where the tier says so, every recovery point is copied to a second region under a key that lives there. */
export function addBackups({ stack, config, account, accountId, tier, names }: WorkloadContext, keys: WorkloadKeys): void {
  const lock = backupVaultLock(tier.backup, account.tier);
  const vault = new BackupVault(stack, "backup_vault", { vaultName: names.backupVault, kmsKeyArn: keys.backups.keyArn, lock });
  const copyRegion = backupCopyRegion(tier.backup.crossRegionCopy, account.region);
  let copyVaultArn: string | undefined;
  if (copyRegion) {
    const copyProvider = stack.aliasedProvider("aws-backup-copy", { alias: "backup_copy", region: copyRegion, purpose: "copy" });
    const copyKey = new KmsKey(stack, "backups_copy_key", {
      accountId,
      alias: kmsAlias(config, "backups-copy"),
      description: `Cross-region copies of ${account.name}'s backups (${copyRegion})`,
      provider: copyProvider,
    });
    copyVaultArn = new BackupVault(stack, "backup_copy_vault", { vaultName: names.backupCopyVault, kmsKeyArn: copyKey.keyArn, provider: copyProvider, lock }).vaultArn;
  }
  new BackupPlan(stack, "backup_plan", {
    planName: names.backupPlan,
    vaultName: vault.vaultName,
    schedule: tier.backup.schedule,
    retentionDays: tier.backup.retentionDays,
    copyToVaultArn: copyVaultArn,
    selectionTag: names.backupSelectionTag,
    roleName: names.backupRole,
  });
}
