import { describe, expect, it } from "vitest";
import { summarizePlan, summaryMarkdown } from "./plan-summary";

const rc = (address: string, actions: string[]) => ({ address, type: address.split(".")[0], change: { actions } });

describe("plan summary", () => {
  it("counts adds, changes, destroys and replacements, and calls out protected destroys", () => {
    const s = summarizePlan({
      resource_changes: [
        rc("aws_vpc.network", ["create"]), rc("aws_lb.alb", ["update"]), rc("aws_db_instance.postgres", ["delete", "create"]),
        rc("aws_route.x", ["delete"]), rc("aws_s3_bucket.state_bucket", ["delete"]), rc("aws_subnet.a", ["no-op"]),
      ],
    });
    expect(s).toEqual({ add: 1, change: 1, destroy: 2, replace: 1, protectedDestroys: ["aws_db_instance.postgres (replace)", "aws_s3_bucket.state_bucket (destroy)"], imports: [], organizationChanges: [] });
    expect(summaryMarkdown("set-prod-eu", s)).toBe(
      "### set-prod-eu: 1 to add, 1 to change, 2 to destroy, 1 to replace\n\n**:warning: destroys or replaces protected resources:**\n" +
        "- `aws_db_instance.postgres (replace)`\n- `aws_s3_bucket.state_bucket (destroy)`",
    );
  });

  it("guards the controls too: SCPs and their attachments, OUs, DNSSEC signing keys, the OIDC provider, EKS clusters", () => {
    const guarded = ["aws_organizations_policy.core", "aws_organizations_policy_attachment.core_nonprod", "aws_organizations_organizational_unit.prod",
      "aws_route53_key_signing_key.account_zone", "aws_iam_openid_connect_provider.github", "aws_eks_cluster.eks"];
    const s = summarizePlan({ resource_changes: [...guarded.map((a) => rc(a, ["delete"])), rc("aws_iam_role_policy.x", ["delete"])] });
    expect(s.protectedDestroys).toEqual(guarded.map((a) => `${a} (destroy)`));
  });

  it("reads the real offline plan of a stack (nothing to destroy)", () => {
    expect(summarizePlan({ resource_changes: [] })).toEqual({ add: 0, change: 0, destroy: 0, replace: 0, protectedDestroys: [], imports: [], organizationChanges: [] });
  });
});
