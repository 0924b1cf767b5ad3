/** Shared services and delivery: OIDC trust, ECR, DNS delegation, state access per tier. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shippedConfigFiles } from "../config";
import { FULL_AWS_ACCESS, parsePolicy, roleInlinePolicies, simulate, concrete } from "../test/iam-simulation";
import { resources, synthConfigFile, synthYaml, type StackJson } from "../test/testing";

const stacks = synthConfigFile("config/set.yaml");
const state = stacks["state-backend"];
const STATE = "222222222222";
const OIDC = `arn:aws:iam::${STATE}:oidc-provider/token.actions.githubusercontent.com`;

/** S.E.T with pull-request plans and the parent zone id known: exercises the optional parts. */
const full = synthYaml(
  readFileSync("config/set.yaml", "utf8")
    .replace("planOnPullRequest: false", "planOnPullRequest: true")
    .replace(/dnsZoneId: \w+/, "dnsZoneId: Z0123456789ABCDEFGHIJ"),
);

describe("GitHub OIDC CI roles", () => {
  const trust = (s: StackJson, role: string) => parsePolicy(resources(s, "aws_iam_role")[role].assume_role_policy).Statement;

  it("the provider is GitHub's, for the sts.amazonaws.com audience", () => {
    expect(resources(state, "aws_iam_openid_connect_provider").github).toMatchObject({
      url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"],
    });
  });

  it.each([
    ["ci_nonprod", "repo:binarynetworks/set-infra:environment:nonprod"],
    ["ci_prod", "repo:binarynetworks/set-infra:environment:production"],
  ])("%s trusts exactly %s, with StringEquals on aud and sub and the literal provider ARN", (role, sub) => {
    expect(trust(state, role)).toEqual([{
      Sid: "GitHubActionsOfThisRepositoryOnly", Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": sub } },
    }]);
  });

  it("the pull-request plan role (when enabled) trusts only pull_request and can reach only nonprod, read-only", () => {
    expect(trust(full["state-backend"], "ci_plan")[0].Condition!.StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:binarynetworks/set-infra:pull_request");
    const policy = roleInlinePolicies(full["state-backend"], "ci_plan")[0].policy.Statement;
    expect(policy.flatMap((s) => [s.Resource].flat())).toEqual(["arn:aws:iam::333333333333:role/set-terraform-plan", `arn:aws:iam::${STATE}:role/set-tfstate-reader-nonprod`]);
    expect(resources(stacks["state-backend"], "aws_iam_role").ci_plan).toBeUndefined();
  });

  it("a pull request reads nonprod state (positive control) and never prod state: its reader is nonprod-only, the full reader does not trust it", async () => {
    const st = full["state-backend"];
    const real = concrete(st, { accountId: STATE, region: "eu-west-1" });
    const prPlan = { principal: `arn:aws:iam::${STATE}:role/set-ci-plan`, identityPolicies: roleInlinePolicies(st, "ci_plan").map((p) => ({ ...p, policy: real(p.policy) })) };
    const assume = (roleId: string) => simulate({
      ...prPlan, action: "sts:AssumeRole", resource: `arn:aws:iam::${STATE}:role/${resources(st, "aws_iam_role")[roleId].name}`, resourceAccount: STATE,
      resourcePolicy: real(parsePolicy(resources(st, "aws_iam_role")[roleId].assume_role_policy)),
    });
    expect(await assume("state_reader_nonprod")).toBe("Allowed");
    expect(await assume("state_reader")).not.toBe("Allowed");
    const reader = { principal: `arn:aws:iam::${STATE}:role/set-tfstate-reader-nonprod`, identityPolicies: roleInlinePolicies(st, "state_reader_nonprod").map((p) => ({ ...p, policy: real(p.policy) })) };
    const get = (stack: string) => simulate({
      ...reader, action: "s3:GetObject", resource: `arn:aws:s3:::set-tfstate-${STATE}/stacks/${stack}/terraform.tfstate`, resourceAccount: STATE,
      resourcePolicy: real(parsePolicy(resources(st, "aws_s3_bucket_policy").state_bucket.policy)), context: { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" },
    });
    expect(await get("set-nonprod")).toBe("Allowed");
    for (const stack of ["set-prod-eu", "management", "state-backend"]) expect(await get(stack), stack).not.toBe("Allowed");
  });

  it("the main-branch plan role trusts only main and may only plan (read-only) everywhere and read state", () => {
    expect(trust(state, "ci_main_plan")[0].Condition!.StringEquals).toEqual({
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:binarynetworks/set-infra:ref:refs/heads/main",
    });
    const resourcesReached = roleInlinePolicies(state, "ci_main_plan")[0]!.policy.Statement.flatMap((s) => [s.Resource].flat());
    expect(resourcesReached.every((r) => /:role\/set-(terraform-plan|tfstate-reader)$/.test(r as string))).toBe(true);
    expect(trust(state, "state_reader").map((s) => JSON.stringify(s.Principal)).join()).not.toContain("ci-plan");
    const planRole = resources(stacks["set-prod-eu"], "aws_iam_role_policy")["role_terraform-plan_no-data-reads"];
    expect(parsePolicy(planRole.policy).Statement[0]).toMatchObject({ Effect: "Deny", Resource: "*" });
    expect(parsePolicy(planRole.policy).Statement[0].Action).toEqual(expect.arrayContaining(["s3:GetObject", "secretsmanager:GetSecretValue", "kms:Decrypt"]));
  });

  it.each(shippedConfigFiles())("no trust policy in %s uses StringLike, a wildcard subject, or Principal *", (file) => {
    for (const [stackName, s] of Object.entries(synthConfigFile(file))) {
      for (const [id, role] of Object.entries(resources(s, "aws_iam_role"))) {
        const text = role.assume_role_policy as string;
        const where = `${stackName} ${id}`;
        expect(text, where).not.toContain("StringLike");
        for (const st of parsePolicy(text).Statement) {
          if (st.Effect === "Allow") expect(st.Principal, where).not.toBe("*");
          const sub = (st.Condition?.StringEquals as Record<string, string> | undefined)?.["token.actions.githubusercontent.com:sub"];
          if (st.Principal && typeof st.Principal === "object" && st.Principal.Federated) {
            expect(st.Principal.Federated, where).toBe(OIDC.replace(STATE, (st.Principal.Federated as string).split(":")[4]));
            expect(sub, where).toMatch(/^repo:[^*?]+\/[^*?]+:(environment:[^*?]+|ref:refs\/heads\/[^*?]+|pull_request)$/);
          }
        }
      }
    }
  });

  it("a workload account's deploy role trusts exactly its tier's CI role, never an account root", () => {
    for (const [name, tier] of [["set-nonprod", "nonprod"], ["set-prod-eu", "prod"]]) {
      const st = parsePolicy(resources(stacks[name], "aws_iam_role")["role_terraform-deploy"].assume_role_policy).Statement;
      expect(st.map((s) => s.Principal)).toEqual([{ AWS: [`arn:aws:iam::${STATE}:role/set-ci-${tier}`] }]);
    }
  });
});

describe("ECR", () => {
  it("each tier's repository: its workload accounts pull, only its CI role pushes; prod CI pulls nonprod's to promote", () => {
    const policy = parsePolicy(resources(stacks["shared-services"], "aws_ecr_repository_policy").ecr_set_api.policy).Statement;
    expect(policy.map((s) => [s.Sid, s.Principal])).toEqual([
      ["WorkloadAccountsPull", { AWS: ["arn:aws:iam::444444444444:root"] }],
      ["CiPushes", { AWS: [`arn:aws:iam::${STATE}:role/set-ci-prod`] }],
    ]);
    const nonprod = parsePolicy(resources(stacks["shared-services"], "aws_ecr_repository_policy").ecr_nonprod_set_api.policy).Statement;
    expect(nonprod.map((s) => [s.Sid, s.Principal])).toEqual([
      ["WorkloadAccountsPull", { AWS: ["arn:aws:iam::333333333333:root"] }],
      ["CiPushes", { AWS: [`arn:aws:iam::${STATE}:role/set-ci-nonprod`] }],
      ["ProdCiPullsToPromote", { AWS: [`arn:aws:iam::${STATE}:role/set-ci-prod`] }],
    ]);
    expect(nonprod[2].Action).not.toContain("ecr:PutImage");
    expect(policy[0].Action).not.toContain("ecr:PutImage");
    expect(resources(stacks["shared-services"], "aws_ecr_repository").ecr_set_api).toMatchObject({
      image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true }, encryption_configuration: [{ encryption_type: "KMS" }],
    });
  });
});

describe("DNS delegation", () => {
  it("is always on once every account exists (organization.dnsZoneId is required then); the zone's name servers are an output", () => {
    expect(resources(stacks["set-nonprod"], "aws_route53_record").delegation).toMatchObject({ zone_id: "Z00000000000SETAPEX", type: "NS" });
    expect(stacks["set-nonprod"].output.zone_name_servers).toBeDefined();
  });

  it("writes the NS records into the parent zone through the tier's narrow delegation role", () => {
    const s = full["set-prod-eu"];
    expect(resources(s, "aws_route53_record").delegation).toEqual(expect.objectContaining({
      provider: "aws.dns", zone_id: "Z0123456789ABCDEFGHIJ", name: "set.binarynetworks.ai", type: "NS", records: "${aws_route53_zone.account_zone.name_servers}",
    }));
    const dns = s.provider.aws.find((p: { alias?: string }) => p.alias === "dns");
    expect(dns.assume_role[0].role_arn).toBe(`arn:aws:iam::${STATE}:role/set-dns-delegation-prod`);
  });

  it("publishes the zone's DNSSEC DS record next to its NS records, through the same role", () => {
    expect(resources(full["set-prod-eu"], "aws_route53_record").delegation_ds).toEqual(expect.objectContaining({
      provider: "aws.dns", zone_id: "Z0123456789ABCDEFGHIJ", name: "set.binarynetworks.ai", type: "DS", records: ["${aws_route53_key_signing_key.account_zone.ds_record}"],
    }));
  });

  it("each tier's delegation role may change only that tier's zones' NS and DS records", () => {
    const policy = roleInlinePolicies(full["shared-services"], "dns_delegation_nonprod")[0].policy.Statement[0];
    expect(policy.Condition).toEqual({
      "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["setdev.binarynetworks.ai"], "route53:ChangeResourceRecordSetsRecordTypes": ["NS", "DS"] },
    });
    const trust = parsePolicy(resources(full["shared-services"], "aws_iam_role").dns_delegation_nonprod.assume_role_policy).Statement;
    expect(trust[0].Principal).toEqual({ AWS: `arn:aws:iam::${STATE}:role/set-ci-nonprod` });
  });
});

describe("state access per tier (IAM simulation)", () => {
  const key = (stack: string) => `arn:aws:s3:::set-tfstate-${STATE}/stacks/${stack}/terraform.tfstate`;
  /** A role of the state-backend stack by Terraform id, acting with its real IAM name and its inline policies. */
  const real = concrete(state, { accountId: STATE, region: "eu-west-1" });
  const asRole = (roleId: string) => ({
    principal: `arn:aws:iam::${STATE}:role/${resources(state, "aws_iam_role")[roleId].name}`,
    identityPolicies: roleInlinePolicies(state, roleId).map((p) => ({ ...p, policy: real(p.policy) })),
  });
  const get = (who: ReturnType<typeof asRole>, stack: string, action = "s3:GetObject") =>
    simulate({ ...who, action, resource: key(stack), resourceAccount: STATE });

  it("the nonprod state role reads and writes nonprod state (positive control) but cannot read prod state", async () => {
    expect(await get(asRole("state_access_nonprod"), "set-nonprod")).toBe("Allowed");
    expect(await get(asRole("state_access_nonprod"), "set-nonprod", "s3:PutObject")).toBe("Allowed");
    expect(await get(asRole("state_access_nonprod"), "set-prod-eu")).toBe("ImplicitlyDenied");
    expect(await get(asRole("state_access_nonprod"), "management")).toBe("ImplicitlyDenied");
  });

  it("the nonprod CI role itself cannot read any state key, nor assume the prod state role; prod CI can", async () => {
    expect(await get(asRole("ci_nonprod"), "set-prod-eu")).toBe("ImplicitlyDenied");
    const prodStateRole = { action: "sts:AssumeRole", resource: `arn:aws:iam::${STATE}:role/set-tfstate-prod`, resourceAccount: STATE,
      resourcePolicy: parsePolicy(resources(state, "aws_iam_role").state_access_prod.assume_role_policy) };
    expect(await simulate({ ...asRole("ci_nonprod"), ...prodStateRole })).toBe("ImplicitlyDenied");
    expect(await simulate({ ...asRole("ci_prod"), ...prodStateRole })).toBe("Allowed");
    expect(await get(asRole("state_access_prod"), "set-prod-eu")).toBe("Allowed");
  });

  it("the state-reader role reads every state key and can write none", async () => {
    expect(await get(asRole("state_reader"), "set-prod-eu")).toBe("Allowed");
    expect(await get(asRole("state_reader"), "set-prod-eu", "s3:PutObject")).toBe("ImplicitlyDenied");
    expect(await get(asRole("state_reader"), "set-prod-eu", "s3:DeleteObject")).toBe("ImplicitlyDenied");
    const actions = roleInlinePolicies(state, "state_reader")[0].policy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions.every((a) => /^(s3:(Get|List)|kms:(Decrypt|Describe))/.test(a as string))).toBe(true);
  });

  it("an over-privileged principal outside the tier is still refused by the state role's trust", async () => {
    const trust = parsePolicy(resources(state, "aws_iam_role").state_access_prod.assume_role_policy);
    const base = { action: "sts:AssumeRole", resource: `arn:aws:iam::${STATE}:role/set-tfstate-prod`, resourceAccount: STATE, identityPolicies: [{ name: "all", policy: FULL_AWS_ACCESS }], resourcePolicy: trust };
    expect(await simulate({ ...base, principal: `arn:aws:iam::${STATE}:role/set-ci-prod` })).toBe("Allowed");
    expect(await simulate({ ...base, principal: `arn:aws:iam::${STATE}:role/set-developer` })).toBe("ImplicitlyDenied");
  });
});

describe.each([
  ["shared-services", "parent_zone", "binarynetworks.ai"],
  ["set-nonprod", "account_zone", "setdev.binarynetworks.ai"],
])("%s zone: DNSSEC (CKV2_AWS_38) and query logging (CKV2_AWS_39)", (stack, zone, zoneName) => {
  const r = (type: string) => resources(stacks[stack], type);

  it("signs the zone with a key-signing key backed by an asymmetric KMS key in us-east-1", () => {
    expect(r("aws_kms_key")[`${zone}_dnssec`]).toMatchObject({
      provider: "aws.us_east_1", customer_master_key_spec: "ECC_NIST_P256", key_usage: "SIGN_VERIFY", enable_key_rotation: false, lifecycle: { prevent_destroy: true },
    });
    const policy = JSON.parse(r("aws_kms_key")[`${zone}_dnssec`].policy).Statement;
    expect(policy.find((x: { Sid: string }) => x.Sid === "Route53DnssecSignsForThisAccountsZones").Condition.StringEquals).toEqual({ "aws:SourceAccount": stacks[stack].provider.aws[0].allowed_account_ids[0] });
    expect(r("aws_route53_key_signing_key")[zone]).toMatchObject({ hosted_zone_id: `\${aws_route53_zone.${zone}.zone_id}`, key_management_service_arn: `\${aws_kms_key.${zone}_dnssec.arn}`, status: "ACTIVE" });
    expect(r("aws_route53_hosted_zone_dnssec")[zone]).toMatchObject({ signing_status: "SIGNING", depends_on: [`aws_route53_key_signing_key.${zone}`] });
  });

  it("logs queries for a year to a KMS-encrypted log group in us-east-1 that only Route 53 of this account may write", () => {
    expect(r("aws_cloudwatch_log_group")[`${zone}_queries`]).toMatchObject({
      provider: "aws.us_east_1", name: `/aws/route53/${zoneName}`, retention_in_days: 365, kms_key_id: "${aws_kms_key.dns_logs_key.arn}",
    });
    expect(r("aws_route53_query_log")[zone]).toMatchObject({
      zone_id: `\${aws_route53_zone.${zone}.zone_id}`, cloudwatch_log_group_arn: `\${aws_cloudwatch_log_group.${zone}_queries.arn}`,
      depends_on: ["aws_cloudwatch_log_resource_policy.route53_query_logs"],
    });
    const policy = JSON.parse(r("aws_cloudwatch_log_resource_policy").route53_query_logs.policy_document).Statement[0];
    expect(policy).toMatchObject({ Principal: { Service: "route53.amazonaws.com" }, Resource: expect.stringMatching(/^arn:aws:logs:us-east-1:\d{12}:log-group:\/aws\/route53\/\*$/) });
  });
});
