/**
 * The data-perimeter resource control policy, attacked with the IAM simulator on every shipped config and the selected
 * one: a principal outside the organization is refused by the organization's S3, KMS, Secrets Manager and STS
 * resources even where their own policy would admit it; the organization's principals, AWS services acting for it and
 * the regional ELB log-delivery accounts are not. Context keys are set explicitly, none ignored.
 */
import { describe, expect, it } from "vitest";
import { accessLogBucketName, enabledAccounts, roleArn, shippedConfigFiles, stateBucketName, type Account } from "../config";
import { albLogDeliveryAccount } from "../modules/alb";
import type { PolicyDocument, Principal } from "../modules/lib/policy";
import { FULL_AWS_ACCESS, rcpsOfOu, simulate, withReferences } from "../test/iam-simulation";
import { configUnderAttack } from "../test/testing";

const ORG_ID = "o-landingzone1";
const OTHER_ORG_ID = "o-attacker0001";
const OUTSIDER = "arn:aws:iam::999999999999:role/attacker";

describe.each(shippedConfigFiles())("data perimeter of %s", (file) => {
  const { config, stacks, management, state, workload, region } = configUnderAttack(file);
  const rcpLevels = (a: Account) => [{
    orgIdentifier: `ou-${a.ou}`,
    policies: rcpsOfOu(stacks[management.name], a.ou!).map((p) => ({ ...p, policy: withReferences(p.policy, { "aws_organizations_organization.organization.id": ORG_ID }) })),
  }];
  /** A resource policy that admits the principal outright: only the RCP can stand in the way. */
  const admits = (principal: Principal, action: string, resource: string): PolicyDocument => ({
    Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: action, Resource: resource }],
  });
  const request = (principal: string, principalArn: Principal, action: string, resource: string, owner: Account, context: Record<string, string>, withRcps = true) =>
    simulate({
      principal, action, resource, resourceAccount: owner.id!,
      identityPolicies: [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }],
      resourcePolicy: admits(principalArn, action, resource),
      rcpLevels: withRcps ? rcpLevels(owner) : [],
      context,
    });
  const outsider = { "aws:PrincipalOrgID": OTHER_ORG_ID, "aws:PrincipalAccount": "999999999999", "aws:PrincipalIsAWSService": "false", "aws:RequestedRegion": region };
  const insider = (a: Account) => ({ "aws:PrincipalOrgID": ORG_ID, "aws:PrincipalAccount": a.id!, "aws:PrincipalIsAWSService": "false", "aws:RequestedRegion": region });

  it("attaches the data perimeter to every OU in use", () => {
    for (const account of enabledAccounts(config).filter((a) => a.ou !== null)) {
      expect(rcpsOfOu(stacks[management.name], account.ou!).map((p) => p.name), account.name).toContain(`${config.organization.name}-data-perimeter`);
    }
  });

  it("an outsider admitted by a resource policy is still refused: state objects, a KMS key, a secret, a role; an insider is let in (positive control)", async () => {
    // RCPs, like SCPs, never apply to the management account's resources: state held there (Innovate) is guarded by
    // its bucket policy instead (the state-backend tests), and synth warns.
    const targets: [string, string, Account][] = [
      ...(state.role === "management" ? [] : [["s3:GetObject", `arn:aws:s3:::${stateBucketName(config, state.id!)}/stacks/${workload.name}/terraform.tfstate`, state] as [string, string, Account]]),
      ["kms:Decrypt", `arn:aws:kms:${region}:${workload.id}:key/0b0b0b0b-1111-2222-3333-444444444444`, workload],
      ["secretsmanager:GetSecretValue", `arn:aws:secretsmanager:${region}:${workload.id}:secret:app-AbCdEf`, workload],
      ["sts:AssumeRole", roleArn(config, workload.id!, "readonly"), workload],
    ];
    const colleague = enabledAccounts(config).find((a) => a.id !== workload.id && a.id !== state.id) ?? management;
    const colleagueRole = roleArn(config, colleague.id!, "admin");
    for (const [action, resource, owner] of targets) {
      expect(await request(OUTSIDER, { AWS: OUTSIDER }, action, resource, owner, outsider), `${action} by an outsider`).toBe("ExplicitlyDenied");
      // Without the RCP the same request goes through: the perimeter, not some other policy, is what refuses it.
      expect(await request(OUTSIDER, { AWS: OUTSIDER }, action, resource, owner, outsider, false), `${action} by an outsider, no RCP`).toBe("Allowed");
      expect(await request(colleagueRole, { AWS: colleagueRole }, action, resource, owner, insider(colleague)), `${action} by ${colleague.name}`).toBe("Allowed");
    }
  });

  it("AWS services acting for the organization deliver; acting for another organization they are refused (confused deputy)", async () => {
    const bucket = `arn:aws:s3:::${accessLogBucketName(config, workload.id!)}`;
    const service = (sourceOrg: string, sourceAccount: string) =>
      simulate({
        principal: "logging.s3.amazonaws.com", action: "s3:PutObject", resource: `${bucket}/logs/x`, resourceAccount: workload.id!,
        identityPolicies: [], resourcePolicy: admits({ Service: "logging.s3.amazonaws.com" }, "s3:PutObject", `${bucket}/logs/x`),
        rcpLevels: rcpLevels(workload),
        context: { "aws:PrincipalIsAWSService": "true", "aws:SourceOrgID": sourceOrg, "aws:SourceAccount": sourceAccount, "aws:RequestedRegion": region },
      });
    expect(await service(ORG_ID, workload.id!)).toBe("Allowed");
    expect(await service(OTHER_ORG_ID, "999999999999")).toBe("ExplicitlyDenied");
  });

  it("the regional ELB account still delivers ALB access logs where it writes as itself; any other outside account does not", async () => {
    const legacy = config.organization.allowedRegions.map(albLogDeliveryAccount).find((id): id is string => !!id);
    if (!legacy) return expect(config.organization.allowedRegions.every((r) => !albLogDeliveryAccount(r))).toBe(true);
    const object = `arn:aws:s3:::${accessLogBucketName(config, workload.id!)}/alb/AWSLogs/${workload.id}/x.log.gz`;
    const deliver = (account: string) =>
      request(`arn:aws:iam::${account}:root`, { AWS: `arn:aws:iam::${account}:root` }, "s3:PutObject", object, workload,
        { "aws:PrincipalAccount": account, "aws:PrincipalIsAWSService": "false", "aws:RequestedRegion": region });
    expect(await deliver(legacy)).toBe("Allowed");
    expect(await deliver("999999999999")).toBe("ExplicitlyDenied");
  });
});
