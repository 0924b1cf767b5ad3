/**
 * The privilege paths around OrganizationAccountAccessRole (OAAR) and the management account, attacked with the IAM
 * simulator on every shipped config and the selected one: each attack denied, the legitimate operation beside it
 * allowed, every context key the policies read set explicitly (the simulator refuses to ignore one).
 */
import { describe, expect, it } from "vitest";
import {
  ciRoleArn, configWarnings, enabledAccounts, loadConfigFile, roleArn, servicesAccount, servicesAccounts, shippedConfigFiles, stackNamesOfTier, stateAccount,
  stateBucketName, tierRepositoryName,
  type Account, type Tier,
} from "../config";
import { concrete, referenceValues, FULL_AWS_ACCESS, groupPolicies, parsePolicy, roleInlinePolicies, scpLevelsOf, simulate, type SimulateInput } from "../test/iam-simulation";
import { configUnderAttack, resources, synthConfigFile } from "../test/testing";
import type { PolicyDocument } from "../modules/lib/policy";

const OAAR = "OrganizationAccountAccessRole";

describe.each(shippedConfigFiles())("break-glass and management paths of %s", (file) => {
  const { config, stacks, management, state, workload, region } = configUnderAttack(file);
  const oaar = (a: Account) => `arn:aws:iam::${a.id}:role/${OAAR}`;
  /** The trust AWS gives OAAR: the management account. */
  const oaarTrust: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${management.id}:root` }, Action: "sts:AssumeRole" }],
  };
  const scpLevels = (a: Account) => scpLevelsOf(stacks[management.name], a);
  /** A principal of a member account with AdministratorAccess, under its OU's SCPs. */
  const memberAdmin = (a: Account, principal = roleArn(config, a.id!, "admin")) => ({
    principal, identityPolicies: [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }], scpLevels: scpLevels(a),
  });
  const context = (a: Account) => ({ "aws:PrincipalAccount": a.id!, "aws:RequestedRegion": region });
  const run = (who: Pick<SimulateInput, "principal" | "identityPolicies" | "scpLevels">, from: Account, action: string, resource: string, resourceAccount: string, resourcePolicy?: PolicyDocument) =>
    simulate({ ...who, action, resource, resourceAccount, resourcePolicy, context: context(from) });

  it("a member admin cannot rewrite OrganizationAccountAccessRole's trust or policies; other roles of its own it can (positive control)", async () => {
    const admin = memberAdmin(workload);
    for (const action of ["iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRole"]) {
      expect(await run(admin, workload, action, oaar(workload), workload.id!), action).toBe("ExplicitlyDenied");
    }
    expect(await run(admin, workload, "iam:UpdateAssumeRolePolicy", `arn:aws:iam::${workload.id}:role/app-batch-job`, workload.id!)).toBe("Allowed");
  });

  it("no member principal switches a region on or off (it would blind the baseline there); reading the regions' status it may, and the management account enables them", async () => {
    for (const who of [memberAdmin(workload), memberAdmin(workload, roleArn(config, workload.id!, "terraform-deploy"))]) {
      for (const action of ["account:DisableRegion", "account:EnableRegion"]) {
        expect(await run(who, workload, action, "*", workload.id!), `${who.principal} ${action}`).toBe("ExplicitlyDenied");
      }
      expect(await run(who, workload, "account:GetRegionOptStatus", "*", workload.id!)).toBe("Allowed");
    }
    const managementAdmin = { principal: roleArn(config, management.id!, "admin"), identityPolicies: [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }] };
    expect(await run(managementAdmin, management, "account:EnableRegion", "*", management.id!)).toBe("Allowed");
  });

  it("no member principal assumes an OrganizationAccountAccessRole, even one whose trust names it; the management admin does (break-glass)", async () => {
    const admin = memberAdmin(workload);
    const rewrittenTrust: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: admin.principal }, Action: "sts:AssumeRole" }] };
    for (const target of [workload, state]) {
      expect(await run(admin, workload, "sts:AssumeRole", oaar(target), target.id!, rewrittenTrust), target.name).toBe("ExplicitlyDenied");
    }
    const deploy = memberAdmin(workload, roleArn(config, workload.id!, "terraform-deploy"));
    expect(await run(deploy, workload, "sts:AssumeRole", oaar(state), state.id!, rewrittenTrust)).toBe("ExplicitlyDenied");
    const breakGlass = { principal: roleArn(config, management.id!, "admin"), identityPolicies: [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }] };
    expect(await run(breakGlass, management, "sts:AssumeRole", oaar(workload), workload.id!, oaarTrust)).toBe("Allowed");
  });

  it("no management role but admin may assume an OrganizationAccountAccessRole (SCPs never apply there: the role's own deny does)", async () => {
    const roles = resources(stacks[management.name], "aws_iam_role");
    const names = Object.values(roles).map((r) => r.name as string).sort();
    expect(names).toEqual(expect.arrayContaining([`${config.organization.name}-admin`, `${config.organization.name}-terraform-deploy`]));
    expect(names).not.toContain(`${config.organization.name}-developer`);
    for (const [id, role] of Object.entries(roles)) {
      if (!id.startsWith("role_")) continue;
      // Even if its managed policy allowed everything: only the role's own inline deny stands between it and OAAR.
      const identityPolicies = [{ name: "as if AdministratorAccess", policy: FULL_AWS_ACCESS }, ...roleInlinePolicies(stacks[management.name], id)];
      const who = { principal: `arn:aws:iam::${management.id}:role/${role.name}`, identityPolicies };
      const expected = role.name === `${config.organization.name}-admin` ? "Allowed" : "ExplicitlyDenied";
      expect(await run(who, management, "sts:AssumeRole", oaar(workload), workload.id!, oaarTrust), role.name).toBe(expected);
    }
  });

  it("a member admin cannot destroy state history, retention or backups; OrganizationAccountAccessRole (reached only from management) can", async () => {
    // With the management account holding the state (Innovate), no SCP reaches it: synth says so, and the backups of
    // the member accounts are what this guardrail still covers.
    const holder = state.role === "management" ? workload : state;
    if (state.role === "management") expect(configWarnings(config).join("\n")).toMatch(/SCPs never apply to the management account, so the Terraform state/);
    const objects = `arn:aws:s3:::${stateBucketName(config, state.id!)}/stacks/${workload.name}/terraform.tfstate`;
    const admin = memberAdmin(holder);
    const breakGlass = memberAdmin(holder, oaar(holder));
    for (const [action, resource] of [
      ...(state.role === "management" ? [] : ([["s3:DeleteObjectVersion", objects], ["s3:BypassGovernanceRetention", objects]] as const)),
      ["backup:DeleteRecoveryPoint", `arn:aws:backup:${region}:${holder.id}:recovery-point:1`],
    ] as const) {
      expect(await run(admin, holder, action, resource, holder.id!), `${action} as admin`).toBe("ExplicitlyDenied");
      expect(await run(breakGlass, holder, action, resource, holder.id!), `${action} as break-glass`).toBe("Allowed");
    }
  });

  it("no machine user is trusted by a prod or management deploy role, and no human group reaches a management role but admin and readonly", () => {
    const prod = enabledAccounts(config).filter((a) => a.tier === "prod");
    expect(prod.map((a) => a.name)).toContain(management.name);
    for (const account of prod) {
      const trust = resources(stacks[account.name], "aws_iam_role")["role_terraform-deploy"].assume_role_policy as string;
      expect(trust, account.name).toContain(":role/");
      expect(trust, account.name).not.toContain(":user/");
    }
    const identity = stacks[config.identityAccountName];
    const assignments = Object.values(resources(stacks[management.name], "aws_ssoadmin_account_assignment"));
    const permissionSets = resources(stacks[management.name], "aws_ssoadmin_permission_set");
    for (const group of config.identity.groups) {
      if (config.identity.provider === "identity-center" && group.kind === "human") {
        // Identity Center: the group's permission sets assigned to the management account
        const inManagement = assignments.filter((a) => a.target_id === management.id && a.principal_id === `\${aws_identitystore_group.${group.name}.group_id}`)
          .map((a) => permissionSets[/aws_ssoadmin_permission_set\.([\w-]+)\.arn/.exec(a.permission_set_arn)![1]].name);
        expect(inManagement.every((r) => r === `${config.organization.name}-admin` || r === `${config.organization.name}-readonly`), group.name).toBe(true);
        continue;
      }
      const arns = groupPolicies(identity, group.name).flatMap((p) => p.policy.Statement.flatMap((s) => [s.Resource ?? []].flat())) as string[];
      const inManagement = arns.filter((a) => a.startsWith(`arn:aws:iam::${management.id}:role/`)).map((a) => a.split("/").pop());
      expect(inManagement.every((r) => r === `${config.organization.name}-admin` || r === `${config.organization.name}-readonly`), group.name).toBe(true);
    }
  });
});

describe.each(shippedConfigFiles())("image supply chain of %s", (file) => {
  const config = loadConfigFile(file);
  const stacks = synthConfigFile(file);
  const state = stateAccount(config);
  const ciPolicies = (tier: Tier) =>
    roleInlinePolicies(stacks["state-backend"], `ci_${tier}`).map((p) => ({ ...p, policy: concrete(stacks["state-backend"], { accountId: state.id!, region: config.organization.homeRegion })(p.policy) }));
  /** The repository policy of `name` in the registry serving `tier`. */
  const repository = (tier: Tier, name: string) => {
    const registry = servicesAccount(config, tier);
    const repos = resources(stacks[registry.name], "aws_ecr_repository");
    const id = Object.keys(repos).find((k) => repos[k].name === name);
    expect(id, `${registry.name} has no repository ${name}`).toBeDefined();
    const policy = parsePolicy(resources(stacks[registry.name], "aws_ecr_repository_policy")[id!].policy);
    return { arn: `arn:aws:ecr:${config.organization.homeRegion}:${registry.id}:repository/${name}`, account: registry.id!, policy };
  };
  const act = (tier: Tier, action: string, repo: ReturnType<typeof repository>) =>
    simulate({
      principal: ciRoleArn(config, tier), action, resource: repo.arn, resourceAccount: repo.account,
      identityPolicies: ciPolicies(tier), resourcePolicy: repo.policy, context: { "aws:PrincipalAccount": state.id! },
    });

  it.each(config.ecr.repositories)("nonprod CI cannot write %s where prod pulls it; it writes nonprod's, prod CI writes prod's and pulls nonprod's to promote", async (name) => {
    const prodRepo = repository("prod", tierRepositoryName(config, name, "prod"));
    const nonprodRepo = repository("nonprod", tierRepositoryName(config, name, "nonprod"));
    expect(prodRepo.arn).not.toBe(nonprodRepo.arn);
    for (const action of ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:CompleteLayerUpload"]) {
      expect(await act("nonprod", action, prodRepo), action).not.toBe("Allowed");
      expect(await act("nonprod", action, nonprodRepo), action).toBe("Allowed");
      expect(await act("prod", action, prodRepo), action).toBe("Allowed");
    }
    expect(await act("prod", "ecr:BatchGetImage", nonprodRepo)).toBe("Allowed");
    expect(await act("prod", "ecr:PutImage", nonprodRepo)).not.toBe("Allowed");
  });

  it("prod workloads run only images from prod repositories", () => {
    const prodRegistry = servicesAccount(config, "prod").id!;
    const prodRepos = new Set(config.ecr.repositories.map((r) => `${prodRegistry}/${tierRepositoryName(config, r, "prod")}`));
    for (const account of enabledAccounts(config).filter((a) => a.role === "workload")) {
      const images = Object.values(resources(stacks[account.name], "aws_ecs_task_definition"))
        .flatMap((t) => JSON.parse(t.container_definitions as string) as { image: string }[])
        .map((c) => c.image)
        .filter((i) => i.includes(".dkr.ecr."));
      for (const image of images) {
        const repo = `${image.split(".")[0]}/${image.split("/").slice(1).join("/").split(":")[0]}`;
        expect(prodRepos.has(repo), `${account.name} runs ${image}`).toBe(account.tier === "prod");
      }
    }
  });
});

describe.each(shippedConfigFiles())("state objects of %s: only the state principals", (file) => {
  const config = loadConfigFile(file);
  const stacks = synthConfigFile(file);
  for (const { account, tiers } of servicesAccounts(config)) {
    const stack = stacks[account.name === config.stateAccountName ? "state-backend" : "state-backend-nonprod"];
    const where = { accountId: account.id!, region: config.organization.homeRegion };
    const real = concrete(stack, where);
    const bucket = stateBucketName(config, account.id!);
    const policy = real(parsePolicy(resources(stack, "aws_s3_bucket_policy").state_bucket.policy));
    const tier = tiers[0];
    const key = `arn:aws:s3:::${bucket}/stacks/${stackNamesOfTier(config, tier)[0]}/terraform.tfstate`;
    const backendKeyId = stacks[stackNamesOfTier(config, tier)[0]]?.terraform.backend.s3?.kms_key_id as string;
    const request = (principal: string, identityPolicies: SimulateInput["identityPolicies"], action: "s3:GetObject" | "s3:PutObject") =>
      simulate({
        principal, action, resource: key, resourceAccount: account.id!, identityPolicies, resourcePolicy: policy,
        context: {
          "aws:SecureTransport": "true", "s3:TlsVersion": "1.3",
          ...(action === "s3:PutObject" ? { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": backendKeyId } : {}),
        },
      });

    it(`${account.name}: its own admin cannot read, overwrite or decrypt ${tier} state; the ${tier} state role can (positive control)`, async () => {
      expect(backendKeyId).toMatch(/^arn:aws:kms:/);
      const admin = [{ name: "AdministratorAccess", policy: FULL_AWS_ACCESS }];
      for (const action of ["s3:GetObject", "s3:PutObject"] as const) {
        expect(await request(roleArn(config, account.id!, "admin"), admin, action), action).toBe("ExplicitlyDenied");
        expect(await request(`arn:aws:iam::${account.id}:role/app-role`, admin, action), action).toBe("ExplicitlyDenied");
      }
      const stateRole = roleInlinePolicies(stack, `state_access_${tier}`).map((p) => ({ ...p, policy: real(p.policy) }));
      const stateRoleArn = `arn:aws:iam::${account.id}:role/${resources(stack, "aws_iam_role")[`state_access_${tier}`].name}`;
      expect(await request(stateRoleArn, stateRole, "s3:GetObject")).toBe("Allowed");
      expect(await request(stateRoleArn, stateRole, "s3:PutObject")).toBe("Allowed");
      // The state key: the admin cannot decrypt state even with its own IAM rights; the state role can.
      const keyPolicy = real(parsePolicy(resources(stack, "aws_kms_key").state_key.policy));
      const decrypt = (principal: string, identityPolicies: SimulateInput["identityPolicies"]) =>
        simulate({ principal, action: "kms:Decrypt", resource: referenceValues(stack, where)["aws_kms_key.state_key.arn"], resourceAccount: account.id!, identityPolicies, resourcePolicy: keyPolicy });
      expect(await decrypt(roleArn(config, account.id!, "admin"), admin)).toBe("ExplicitlyDenied");
      expect(await decrypt(stateRoleArn, stateRole)).toBe("Allowed");
      const reader = roleInlinePolicies(stack, "state_reader").map((p) => ({ ...p, policy: real(p.policy) }));
      const readerArn = `arn:aws:iam::${account.id}:role/${resources(stack, "aws_iam_role").state_reader.name}`;
      expect(await request(readerArn, reader, "s3:GetObject")).toBe("Allowed");
      expect(await request(readerArn, reader, "s3:PutObject")).toBe("ImplicitlyDenied");
    });
  }
});
