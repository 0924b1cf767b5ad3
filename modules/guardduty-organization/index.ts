import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { GuarddutyOrganizationConfiguration } from "@cdktf/provider-aws/lib/guardduty-organization-configuration";
import { GuarddutyOrganizationConfigurationFeature } from "@cdktf/provider-aws/lib/guardduty-organization-configuration-feature";
import { GuarddutyPublishingDestination } from "@cdktf/provider-aws/lib/guardduty-publishing-destination";
import type { PolicyStatement } from "../lib/policy";
import { pinAddress, toLogicalId } from "../lib/address";

/** GuardDuty protection plans, by their API feature names. */
export const GUARDDUTY_FEATURES = {
  s3Protection: "S3_DATA_EVENTS",
  eksAuditLogs: "EKS_AUDIT_LOGS",
  rdsLoginEvents: "RDS_LOGIN_EVENTS",
  malwareProtection: "EBS_MALWARE_PROTECTION",
} as const;
export type GuardDutyFeatures = Record<keyof typeof GUARDDUTY_FEATURES, boolean>;

export interface GuardDutyRegion {
  readonly region: string;
  /** The management account in this region. @default the stack's default provider */
  readonly managementProvider?: TerraformProvider;
  /** The delegated administrator account in this region. */
  readonly adminProvider: TerraformProvider;
}

export interface GuardDutyOrganizationProps {
  readonly adminAccountId: string;
  /** Every region the organization may use; the first is the home region (its addresses carry no suffix). */
  readonly regions: GuardDutyRegion[];
  readonly features: GuardDutyFeatures;
  /** Export every region's findings to an S3 bucket (prefix) with a KMS key in the administrator account. @default no export */
  readonly findingsExport?: { readonly bucketArn: string; readonly prefix: string; readonly kmsKeyArn: string };
}

export const GUARDDUTY_SERVICE = "guardduty.amazonaws.com";
const fromDetectorsOf = (adminAccountId: string) => ({
  StringEquals: { "aws:SourceAccount": adminAccountId },
  ArnLike: { "aws:SourceArn": `arn:aws:guardduty:*:${adminAccountId}:detector/*` },
});

/** Bucket-policy statements letting the administrator's detectors export findings under `prefix`. */
export function guardDutyExportBucketStatements(bucketArn: string, prefix: string, adminAccountId: string): PolicyStatement[] {
  const service = { Service: GUARDDUTY_SERVICE };
  return [
    { Sid: "GuardDutyBucketLocation", Effect: "Allow", Principal: service, Action: "s3:GetBucketLocation", Resource: bucketArn, Condition: fromDetectorsOf(adminAccountId) },
    { Sid: "GuardDutyExportsFindings", Effect: "Allow", Principal: service, Action: "s3:PutObject", Resource: `${bucketArn}/${prefix}/*`, Condition: fromDetectorsOf(adminAccountId) },
  ];
}

/** Key-policy statement letting the administrator's detectors encrypt exported findings. */
export function guardDutyExportKeyStatement(adminAccountId: string): PolicyStatement {
  return { Sid: "GuardDutyEncryptsExportedFindings", Effect: "Allow", Principal: { Service: GUARDDUTY_SERVICE }, Action: "kms:GenerateDataKey", Resource: "*", Condition: fromDetectorsOf(adminAccountId) };
}

/**
 * GuardDuty for the whole organization, region by region, in the order AWS needs on the first apply: the
 * administrator's own detector first (designating an account enables GuardDuty there, and a detector created after
 * that would clash with it), then the designation from the management account, then the organization configuration
 * that enrols every member account, existing and new (auto-enable ALL), with the chosen protection plans.
 */
export class GuardDutyOrganization extends Construct {
  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps) {
    super(scope, id);
    props.regions.forEach(({ region, managementProvider, adminProvider }, i) => {
      const suffix = i === 0 ? "" : `_${region.replace(/-/g, "_")}`;
      const detector = pinAddress(
        new GuarddutyDetector(this, `detector-${region}`, { provider: adminProvider, enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" }),
        `administrator${suffix}`,
      );
      const designation = pinAddress(
        new GuarddutyOrganizationAdminAccount(this, `administrator-${region}`, { provider: managementProvider, adminAccountId: props.adminAccountId, dependsOn: [detector] }),
        `guardduty${suffix}`,
      );
      const organization = pinAddress(
        new GuarddutyOrganizationConfiguration(this, `organization-${region}`, {
          provider: adminProvider,
          detectorId: detector.id,
          autoEnableOrganizationMembers: "ALL",
          dependsOn: [designation],
        }),
        `guardduty${suffix}`,
      );
      if (props.findingsExport) {
        const { bucketArn, prefix, kmsKeyArn } = props.findingsExport;
        pinAddress(
          new GuarddutyPublishingDestination(this, `export-${region}`, { provider: adminProvider, detectorId: detector.id, destinationArn: `${bucketArn}/${prefix}`, kmsKeyArn }),
          `findings${suffix}`,
        );
      }
      for (const [key, name] of Object.entries(GUARDDUTY_FEATURES)) {
        const on = props.features[key as keyof GuardDutyFeatures];
        pinAddress(
          new GuarddutyOrganizationConfigurationFeature(this, `organization-${name}-${region}`, {
            provider: adminProvider,
            detectorId: detector.id,
            name,
            autoEnable: on ? "ALL" : "NONE",
            dependsOn: [organization],
          }),
          toLogicalId(`${name.toLowerCase()}${suffix}`),
        );
        pinAddress(
          new GuarddutyDetectorFeature(this, `administrator-${name}-${region}`, { provider: adminProvider, detectorId: detector.id, name, status: on ? "ENABLED" : "DISABLED" }),
          toLogicalId(`administrator_${name.toLowerCase()}${suffix}`),
        );
      }
    });
  }
}
