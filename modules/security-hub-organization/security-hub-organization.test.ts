import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { SecurityHubOrganization } from ".";

describe("SecurityHubOrganization", () => {
  const synth = (linkedRegions: string[]) =>
    JSON.parse(
      Testing.synthScope((s) => {
        new AwsProvider(s, "aws", { region: "eu-west-1" });
        const admin = new AwsProvider(s, "admin", { region: "eu-west-1", alias: "security_eu_west_1" });
        new SecurityHubOrganization(s, "hub", {
          adminAccountId: "222222222222",
          homeRegion: "eu-west-1",
          linkedRegions,
          adminProvider: admin,
          standards: ["cis-aws-foundations-v3", "aws-foundational-security-best-practices"],
          targetId: "r-abcd",
          policyName: "acme-baseline",
        });
      }),
    ).resource;

  it("enables the administrator's hub, designates it, aggregates the linked regions, and configures centrally (CIS 4.16)", () => {
    const r = synth(["il-central-1"]);
    expect(r.aws_securityhub_account.administrator).toMatchObject({ enable_default_standards: false, provider: "aws.security_eu_west_1" });
    expect(r.aws_securityhub_organization_admin_account.security_hub).toEqual({ admin_account_id: "222222222222", depends_on: ["aws_securityhub_account.administrator"] });
    expect(r.aws_securityhub_finding_aggregator.home_region).toMatchObject({ linking_mode: "SPECIFIED_REGIONS", specified_regions: ["il-central-1"] });
    expect(r.aws_securityhub_organization_configuration.central).toMatchObject({ auto_enable: false, auto_enable_standards: "NONE", organization_configuration: { configuration_type: "CENTRAL" } });
  });

  it("applies one policy with the chosen standards to the organization root", () => {
    const r = synth([]);
    expect(r.aws_securityhub_finding_aggregator.home_region.linking_mode).toBe("NO_REGIONS");
    expect(r.aws_securityhub_configuration_policy.organization.configuration_policy).toMatchObject({
      service_enabled: true,
      enabled_standard_arns: [
        "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
        "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      ],
    });
    expect(r.aws_securityhub_configuration_policy_association.organization_root).toMatchObject({ target_id: "r-abcd", policy_id: "${aws_securityhub_configuration_policy.organization.id}" });
  });
});
