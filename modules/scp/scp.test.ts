import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { SCP_MAX_CHARACTERS, ServiceControlPolicy } from ".";

describe("ServiceControlPolicy", () => {
  it("writes the minified document and attaches it to every target", () => {
    const r = JSON.parse(
      Testing.synthScope((s) => void new ServiceControlPolicy(s, "scp_core", {
        policyName: "acme-core", description: "core", statements: [{ Sid: "NoLeaving", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }],
        targets: { prod: "ou-prod", nonprod: "ou-nonprod" },
      })),
    ).resource;
    expect(r.aws_organizations_policy.scp_core).toMatchObject({ name: "acme-core", type: "SERVICE_CONTROL_POLICY" });
    expect(r.aws_organizations_policy.scp_core.content).toBe('{"Version":"2012-10-17","Statement":[{"Sid":"NoLeaving","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}');
    expect(r.aws_organizations_policy_attachment).toEqual({
      scp_core_nonprod: { policy_id: "${aws_organizations_policy.scp_core.id}", target_id: "ou-nonprod" },
      scp_core_prod: { policy_id: "${aws_organizations_policy.scp_core.id}", target_id: "ou-prod" },
    });
  });

  it(`rejects a document over AWS's ${SCP_MAX_CHARACTERS} characters`, () => {
    const big = Array.from({ length: 200 }, (_, i) => ({ Sid: `S${i}`, Effect: "Deny" as const, Action: `s3:Action${i}`, Resource: "*" }));
    expect(() => Testing.synthScope((s) => void new ServiceControlPolicy(s, "x", { policyName: "big", description: "", statements: big, targets: {} }))).toThrow(/SCP big is \d+ characters minified; AWS allows 5120/);
  });
});
