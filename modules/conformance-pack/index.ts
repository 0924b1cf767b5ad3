import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { ConfigOrganizationConformancePack } from "@cdktf/provider-aws/lib/config-organization-conformance-pack";
import { pinAddress } from "../lib/address";

/**
 * AWS Config managed rules behind the CIS AWS Foundations Benchmark controls the landing zone enforces (a subset of
 * AWS's "Operational Best Practices for CIS AWS Foundations Benchmark" pack): periodic rules run daily, the others on
 * every change to the resource types they name.
 */
export const CIS_MANAGED_RULES: { readonly id: string; readonly on?: string; readonly parameters?: Record<string, string> }[] = [
  { id: "ROOT_ACCOUNT_MFA_ENABLED" },
  { id: "IAM_ROOT_ACCESS_KEY_CHECK" },
  { id: "IAM_PASSWORD_POLICY", parameters: { MinimumPasswordLength: "14", PasswordReusePrevention: "24", MaxPasswordAge: "90" } },
  { id: "ACCESS_KEYS_ROTATED", parameters: { maxAccessKeyAge: "90" } },
  { id: "IAM_USER_UNUSED_CREDENTIALS_CHECK", parameters: { maxCredentialUsageAge: "45" } },
  { id: "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS" },
  { id: "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", on: "AWS::IAM::Policy" },
  { id: "MULTI_REGION_CLOUD_TRAIL_ENABLED" },
  { id: "CLOUD_TRAIL_ENCRYPTION_ENABLED" },
  { id: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED" },
  { id: "CMK_BACKING_KEY_ROTATION_ENABLED" },
  { id: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC" },
  { id: "S3_BUCKET_SSL_REQUESTS_ONLY", on: "AWS::S3::Bucket" },
  { id: "EC2_EBS_ENCRYPTION_BY_DEFAULT" },
  { id: "ENCRYPTED_VOLUMES", on: "AWS::EC2::Volume" },
  { id: "EC2_IMDSV2_CHECK", on: "AWS::EC2::Instance" },
  { id: "RDS_STORAGE_ENCRYPTED", on: "AWS::RDS::DBInstance" },
  { id: "VPC_DEFAULT_SECURITY_GROUP_CLOSED", on: "AWS::EC2::SecurityGroup" },
  { id: "VPC_FLOW_LOGS_ENABLED" },
  { id: "GUARDDUTY_ENABLED_CENTRALIZED" },
  { id: "SECURITYHUB_ENABLED" },
];

/** A conformance-pack template (CloudFormation YAML, as Config reads it) of managed rules. */
export function conformancePackTemplate(rules: typeof CIS_MANAGED_RULES): string {
  const lines = ["Resources:"];
  for (const rule of rules) {
    const name = rule.id.toLowerCase().replace(/_/g, "-");
    const logicalId = rule.id.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
    lines.push(`  ${logicalId}:`, "    Type: AWS::Config::ConfigRule", "    Properties:", `      ConfigRuleName: ${name}`);
    if (rule.parameters) {
      lines.push("      InputParameters:", ...Object.entries(rule.parameters).map(([k, v]) => `        ${k}: "${v}"`));
    }
    if (rule.on) lines.push("      Scope:", "        ComplianceResourceTypes:", `          - ${rule.on}`);
    else lines.push("      MaximumExecutionFrequency: TwentyFour_Hours");
    lines.push("      Source:", "        Owner: AWS", `        SourceIdentifier: ${rule.id}`);
  }
  return `${lines.join("\n")}\n`;
}

export interface ConformancePackProps {
  readonly name: string;
  /** The delegated administrator (or management) account in each region the pack covers; the first is the home region. */
  readonly regions: { readonly region: string; readonly provider: TerraformProvider }[];
  /** The delegated-administrator registration it needs first. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** The CIS rules as an organization conformance pack in each region given: every member account there. */
export class CisConformancePack extends Construct {
  constructor(scope: Construct, id: string, props: ConformancePackProps) {
    super(scope, id);
    const templateBody = conformancePackTemplate(CIS_MANAGED_RULES);
    props.regions.forEach(({ region, provider }, i) => {
      pinAddress(
        new ConfigOrganizationConformancePack(this, `pack-${region}`, { provider, name: props.name, templateBody, dependsOn: props.dependsOn }),
        i === 0 ? "cis" : `cis_${region.replace(/-/g, "_")}`,
      );
    });
  }
}
