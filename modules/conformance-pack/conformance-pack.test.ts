import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CisConformancePack, CIS_MANAGED_RULES, conformancePackTemplate } from ".";

describe("CisConformancePack", () => {
  it("deploys one organization pack per region given, from the administrator's providers", () => {
    const r = JSON.parse(
      Testing.synthScope((s) => {
        new AwsProvider(s, "aws", { region: "eu-west-1" });
        const a = new AwsProvider(s, "a", { region: "eu-west-1", alias: "security_eu_west_1" });
        const b = new AwsProvider(s, "b", { region: "il-central-1", alias: "security_il_central_1" });
        new CisConformancePack(s, "pack", { name: "acme-cis", regions: [{ region: "eu-west-1", provider: a }, { region: "il-central-1", provider: b }] });
      }),
    ).resource.aws_config_organization_conformance_pack;
    expect(Object.keys(r)).toEqual(["cis", "cis_il_central_1"]);
    expect(r.cis_il_central_1).toMatchObject({ name: "acme-cis", provider: "aws.security_il_central_1" });
  });

  it("writes a template Config can read: every rule a managed AWS rule, periodic ones daily, the others scoped to their resource type", () => {
    const template = parse(conformancePackTemplate(CIS_MANAGED_RULES)) as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
    const rules = Object.values(template.Resources);
    expect(rules).toHaveLength(CIS_MANAGED_RULES.length);
    for (const { Type, Properties } of rules) {
      expect(Type).toBe("AWS::Config::ConfigRule");
      expect(Properties.Source.Owner).toBe("AWS");
      expect(Properties.ConfigRuleName).toMatch(/^[a-z0-9-]{1,128}$/);
      expect(!!Properties.Scope !== !!Properties.MaximumExecutionFrequency, Properties.ConfigRuleName).toBe(true);
    }
    expect(template.Resources.IamPasswordPolicy.Properties.InputParameters).toEqual({ MinimumPasswordLength: "14", PasswordReusePrevention: "24", MaxPasswordAge: "90" });
    expect(template.Resources.Ec2Imdsv2Check.Properties.Scope).toEqual({ ComplianceResourceTypes: ["AWS::EC2::Instance"] });
  });
});
