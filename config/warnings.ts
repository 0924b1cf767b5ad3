/**
 * Choices a config may make on purpose that weaken a default control: not errors, but synth says so every time, with
 * the trade-off, so nobody makes them by accident.
 */
import { isOptInRegion } from "./regions";
import type { OrgConfig } from "./types";

export function configWarnings(config: OrgConfig): string[] {
  const warnings: string[] = [];
  const at = (path: string, message: string) => warnings.push(`${config.sourceFile}: ${path}: ${message}`);
  if (config.audit.objectLockMode === "governance") {
    at("audit.objectLockMode", "governance mode: an admin with s3:BypassGovernanceRetention can delete or shorten the audit logs' retention (the protect-landing-zone guardrail denies it in member accounts; the management account is not bound by it). compliance mode (the default) lets nobody.");
  }
  for (const tier of ["prod"] as const) {
    const lock = config.tiers[tier]?.backup.vaultLock;
    if (lock?.mode === "governance") {
      at(`tiers.${tier}.backup.vaultLock.mode`, "governance mode: privileged IAM principals can remove the Vault Lock and delete prod recovery points early. compliance mode (the prod default) lets nobody.");
    }
  }
  const management = config.accounts.find((a) => a.role === "management");
  if (management && isOptInRegion(management.region)) {
    at(
      "organization.homeRegion",
      `${management.region} is an opt-in region: enable it in the management account by hand (console: Account → AWS Regions, or aws account enable-region) before the bootstrap — the management stack enables it in every other account, but its own provider needs it first.`,
    );
  }
  if (management?.sharedServices) {
    at(
      `accounts[${config.accounts.indexOf(management)}].sharedServices`,
      `${management.name} holds the shared services: SCPs never apply to the management account, so the Terraform state, the GitHub OIDC provider and CI roles, ECR and the audit archive sit outside every guardrail. ` +
        "Compensating controls the stacks add: the state bucket and key admit only the state principals (bucket and key policies); the CI roles carry a permissions boundary " +
        "(assume the landing zone's roles, use its registries, nothing else); the management account's own role rules still hold (humans get only admin or readonly there; every role but admin is denied OrganizationAccountAccessRole). " +
        "Move the shared services to their own account as the team grows (README: Move shared services out of the management account).",
    );
  }
  return warnings;
}

/** How the config placed what it did not say where to put: printed by synth as notes, so the choice is visible. */
export function configNotes(config: OrgConfig): string[] {
  const notes: string[] = [];
  const has = (role: string) => config.accounts.some((a) => a.enabled && a.role === role);
  if (!has("security") && !has("log-archive") && config.securityAccountName === config.stateAccountName && config.auditAccountName === config.stateAccountName) {
    notes.push(
      `${config.sourceFile}: no security or log-archive account: ${config.stateAccountName} (the state account) is the delegated administrator of GuardDuty, Security Hub, ` +
        "the Config aggregator and the unused-access analyzer, and holds the audit archive. Add accounts with role: security and role: log-archive for the AWS SRA split.",
    );
  }
  return notes;
}
