/** The guardrail SCPs: documents and where they attach. */
import {
  auditAccount,
  auditBucketName,
  baselineRoleArnPattern,
  breakGlassRoleArnPattern,
  CONTROL_TOWER_ROLE_PATTERNS,
  identityAccount,
  landingZoneManagers,
  requireAccountId,
  servicesAccounts,
  stateAccount,
  stateBucketName,
  type Account,
  type OrgConfig,
} from "../../config";
import { BuiltinGuardrails, BuiltinResourceControls, type BuiltinGuardrail, type BuiltinResourceControl } from "../../config/model";
import { albLogDeliveryAccount } from "../../modules/alb";
import { s3BucketArn, type PolicyStatement } from "../../modules/lib/policy";
import { coreGuardrail, dataPerimeterRcp, protectAuditGuardrail, protectLandingZoneGuardrail, restrictRegionsGuardrail } from "../../modules/scp";

const idOf = (account: Account) => requireAccountId(account, "trust and resource policies");

/** Every guardrail document, built-in and custom, by name. */
export function guardrailDocuments(config: OrgConfig): Record<string, { description: string; statements: PolicyStatement[] }> {
  const state = stateAccount(config);
  const audit = auditAccount(config);
  const builtin: Record<BuiltinGuardrail, { description: string; statements: PolicyStatement[] }> = {
    core: {
      description: "No leaving the organization, no root user, keep the S3 account public-access block, 30-day KMS deletion",
      statements: coreGuardrail({ trustedPrincipalArns: landingZoneManagers(config) }),
    },
    "protect-audit": {
      description: "CloudTrail, Config, GuardDuty, Security Hub and Access Analyzer only change through the landing zone",
      statements: protectAuditGuardrail({ managerPrincipalArns: landingZoneManagers(config) }),
    },
    "protect-landing-zone": {
      description: "Baseline roles, state and audit buckets, and backups only change through the landing zone",
      statements: protectLandingZoneGuardrail({
        baselineRoleArnPattern: baselineRoleArnPattern(config),
        managerPrincipalArns: landingZoneManagers(config),
        roleAssumingAccountIds: [...new Set([idOf(identityAccount(config)), idOf(state)])],
        // Control Tower's execution role trusts the management account like OrganizationAccountAccessRole: guarded alike.
        breakGlassRoleArnPattern: config.organization.existing?.controlTower ? [breakGlassRoleArnPattern(), CONTROL_TOWER_ROLE_PATTERNS[0]] : breakGlassRoleArnPattern(),
        protectedBucketArns: [
          ...servicesAccounts(config).map(({ account }) => s3BucketArn(stateBucketName(config, idOf(account)))),
          s3BucketArn(auditBucketName(config, idOf(audit))),
        ],
      }),
    },
    "restrict-regions": {
      description: `Only ${config.organization.allowedRegions.join(", ")} (global services exempt)`,
      statements: restrictRegionsGuardrail({ allowedRegions: config.organization.allowedRegions }),
    },
  };
  const custom = Object.fromEntries(
    config.guardrails.custom.map((g) => [g.name, { description: g.description, statements: g.statements as unknown as PolicyStatement[] }]),
  );
  return { ...builtin, ...custom };
}

/** OU name → the guardrails attached to it (every built-in one unless the config says otherwise). */
export function guardrailAttachments(config: OrgConfig): Record<string, string[]> {
  const ous = [...new Set(config.accounts.filter((a) => a.enabled && a.ou !== null).map((a) => a.ou!))].sort();
  return Object.fromEntries(ous.map((ou) => [ou, config.guardrails.attach[ou] ?? [...BuiltinGuardrails]]));
}


type PolicyDocuments = Record<string, { description: string; statements: PolicyStatement[] }>;

/** Every resource control policy, built-in and custom, by name. `organizationId` may be a token. */
export function resourceControlDocuments(config: OrgConfig, organizationId: string): PolicyDocuments {
  const builtin: Record<BuiltinResourceControl, { description: string; statements: PolicyStatement[] }> = {
    "data-perimeter": {
      description: "S3, KMS, SQS, Secrets Manager and STS resources admit only the organization's principals and AWS services acting for it",
      statements: dataPerimeterRcp({
        organizationId,
        awsDeliveryAccountIds: [...new Set(config.organization.allowedRegions.map(albLogDeliveryAccount).filter((id): id is string => !!id))].sort(),
      }),
    },
  };
  const custom = Object.fromEntries(
    config.guardrails.resourceControls.custom.map((g) => [g.name, { description: g.description, statements: g.statements as unknown as PolicyStatement[] }]),
  );
  return { ...builtin, ...custom };
}

/** OU name → the resource control policies attached to it (every built-in one unless the config says otherwise). */
export function resourceControlAttachments(config: OrgConfig): Record<string, string[]> {
  const ous = [...new Set(config.accounts.filter((a) => a.enabled && a.ou !== null).map((a) => a.ou!))].sort();
  return Object.fromEntries(ous.map((ou) => [ou, config.guardrails.resourceControls.attach[ou] ?? [...BuiltinResourceControls]]));
}
