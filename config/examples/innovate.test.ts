/** What makes the Innovate design (shared/seeds 003): EKS, ≥ 2 AZs everywhere, the 3-tier network, Multi-AZ PostgreSQL with PITR. */
import { describe, expect, it } from "vitest";
import { resources, synthConfigFile, type StackJson } from "../../test/testing";
import { FULL_AWS_ACCESS, parsePolicy, roleInlinePolicies, simulate } from "../../test/iam-simulation";
import { configWarnings, loadConfigFile, roleArn, stateReaderArns } from "..";
import type { PolicyDocument } from "../../modules/lib/policy";

const stacks = synthConfigFile("config/examples/innovate.yaml");

describe.each([["non-production", false], ["production", true]] as const)("Innovate %s", (name, isProd) => {
  const s = stacks[name];
  const r = (type: string) => resources(s, type);

  it("runs EKS, not ECS: private endpoint, secrets encrypted with the account's key, every control-plane log", () => {
    expect(r("aws_ecs_cluster")).toEqual({});
    expect(r("aws_eks_cluster").eks).toMatchObject({
      version: "1.31",
      vpc_config: { endpoint_private_access: true, endpoint_public_access: false },
      encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.data_key.arn}" } },
      enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    });
    expect(r("aws_cloudwatch_log_group").eks.kms_key_id).toBe("${aws_kms_key.logs_key.arn}");
  });

  it("has system and app managed node groups in the private app subnets, sized per tier", () => {
    const groups = r("aws_eks_node_group");
    expect(Object.keys(groups).sort()).toEqual(["eks_app", "eks_system"]);
    const appSubnets = Object.keys(r("aws_subnet")).filter((k) => k.startsWith("network_app_")).map((k) => `\${aws_subnet.${k}.id}`);
    for (const g of Object.values(groups)) expect(g.subnet_ids).toEqual(appSubnets);
    expect(groups.eks_app.scaling_config).toEqual(isProd ? { min_size: 2, max_size: 20, desired_size: 2 } : { min_size: 1, max_size: 4, desired_size: 1 });
    expect(groups.eks_system.taint).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
  });

  it("is reachable: admin and terraform-deploy are cluster admins, developers edit only in nonprod, readonly views", () => {
    const roleOf = (ref: string) => r("aws_iam_role")[/^\$\{aws_iam_role\.([\w-]+)\.arn\}$/.exec(ref)![1]].name;
    const policyOf = (key: string) => r("aws_eks_access_policy_association")[`eks_access_${key}`].policy_arn.split("/").pop();
    const granted = Object.fromEntries(Object.entries(r("aws_eks_access_entry")).map(([id, e]) => [roleOf(e.principal_arn), policyOf(id.slice("eks_access_".length))]));
    expect(granted).toEqual({
      "innovate-admin": "AmazonEKSClusterAdminPolicy",
      "innovate-terraform-deploy": "AmazonEKSClusterAdminPolicy",
      "innovate-developer": isProd ? "AmazonEKSViewPolicy" : "AmazonEKSEditPolicy",
      "innovate-readonly": "AmazonEKSViewPolicy",
    });
  });

  it("binds the cluster-autoscaler's role to its service account with Pod Identity, scoped to this cluster's groups", () => {
    expect(r("aws_eks_addon").eks_pod_identity.addon_name).toBe("eks-pod-identity-agent");
    expect(r("aws_eks_pod_identity_association").eks_cluster_autoscaler).toMatchObject({ namespace: "kube-system", service_account: "cluster-autoscaler" });
    const policy = JSON.parse(r("aws_iam_role_policy")["eks_cluster_autoscaler_scale-node-groups"].policy);
    const scale = policy.Statement.find((x: { Sid: string }) => x.Sid === "ScaleOnlyThisClustersGroups");
    expect(scale.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${name}`]: "owned" } });
    expect(scale.Resource).toBe("arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/eks-*");
    expect(policy.Statement.find((x: { Sid: string }) => x.Sid === "DescribeThisClustersNodeGroups").Resource).toEqual([
      "${aws_eks_node_group.eks_system.arn}", "${aws_eks_node_group.eks_app.arn}",
    ]);
  });

  it("spans at least two AZs with public, private-compute and database subnets", () => {
    const azs = new Set(Object.values(r("aws_subnet")).map((x) => x.availability_zone));
    expect(azs.size).toBeGreaterThanOrEqual(2);
    for (const layer of ["public", "app", "data"]) expect(Object.keys(r("aws_subnet")).filter((k) => k.startsWith(`network_${layer}_`)).length).toBe(azs.size);
  });

  it("keeps PostgreSQL daily-backed-up with PITR, Multi-AZ in production", () => {
    expect(r("aws_db_instance").postgres).toMatchObject({ multi_az: isProd, backup_retention_period: isProd ? 14 : 7 });
    expect(r("aws_backup_plan").backup_plan.rule[0].schedule).toBe("cron(0 3 * * ? *)");
  });
});

describe("Innovate: three accounts, the management account doubling as shared services", () => {
  const config = loadConfigFile("config/examples/innovate.yaml");
  const management = config.accounts.find((a) => a.role === "management")!;
  const prod = config.accounts.find((a) => a.name === "production")!;
  const mgmt = stacks.management;

  it("has three accounts and their three stacks, plus the state backend, all state in the management account", () => {
    expect(config.accounts.filter((a) => a.enabled).map((a) => a.name)).toEqual(["management", "non-production", "production"]);
    expect(Object.keys(stacks).sort()).toEqual(["management", "non-production", "production", "state-backend"]);
    expect(config.stateAccountName).toBe("management");
    for (const [name, stack] of Object.entries(stacks)) {
      expect(stack.terraform.backend.s3.bucket, name).toBe(`innovate-tfstate-${management.id}`);
    }
    expect((stacks["state-backend"].provider.aws as StackJson[]).find((p) => !p.alias)!.allowed_account_ids).toEqual([management.id]);
  });

  it("the GitHub OIDC provider and CI roles (with a permissions boundary), ECR, the apex zone and the audit archive live in the management account", () => {
    const state = stacks["state-backend"];
    expect(Object.keys(resources(state, "aws_iam_openid_connect_provider"))).toEqual(["github"]);
    const ci = Object.entries(resources(state, "aws_iam_role")).filter(([id]) => id.startsWith("ci_"));
    expect(ci.map(([id]) => id).sort()).toEqual(["ci_main_plan", "ci_nonprod", "ci_plan", "ci_prod"]);
    for (const [id, role] of ci) expect(role.permissions_boundary, id).toBe("${aws_iam_policy.ci_boundary.arn}");
    expect(resources(state, "aws_iam_policy").ci_boundary.name).toBe("innovate-ci-boundary");
    expect(Object.values(resources(mgmt, "aws_ecr_repository")).map((r) => r.name).sort()).toEqual(["innovate/api", "innovate/frontend", "nonprod/innovate/api", "nonprod/innovate/frontend"]);
    expect(Object.values(resources(mgmt, "aws_route53_zone")).map((z) => z.name)).toEqual(["innovate.example"]);
    expect(Object.values(resources(state, "aws_s3_bucket")).map((b) => b.bucket)).toContain(`innovate-audit-logs-${management.id}`);
    expect(configWarnings(config)).toEqual([expect.stringContaining("accounts[0].sharedServices: management holds the shared services: SCPs never apply to the management account")]);
  });

  it("the isolation proofs hold: nonprod CI cannot reach production, a pull request cannot read prod state; prod CI deploys (positive control)", async () => {
    const state = stacks["state-backend"];
    const boundary = parsePolicy(resources(state, "aws_iam_policy").ci_boundary.policy);
    const asCi = (role: "ci_nonprod" | "ci_prod" | "ci_plan", action: string, resource: string, trust?: PolicyDocument) =>
      simulate({
        principal: `arn:aws:iam::${management.id}:role/innovate-${role.replace(/_/g, "-")}`,
        action, resource, resourceAccount: resource.split(":")[4] || management.id!,
        identityPolicies: roleInlinePolicies(state, role),
        permissionBoundaryPolicies: [{ name: "ci-boundary", policy: boundary }],
        resourcePolicy: trust,
        context: { "aws:PrincipalAccount": management.id! },
      });
    const deployTrust = parsePolicy(resources(stacks.production, "aws_iam_role")["role_terraform-deploy"].assume_role_policy);
    const prodDeploy = roleArn(config, prod.id!, "terraform-deploy");
    expect(await asCi("ci_nonprod", "sts:AssumeRole", prodDeploy, deployTrust)).not.toBe("Allowed");
    expect(await asCi("ci_prod", "sts:AssumeRole", prodDeploy, deployTrust)).toBe("Allowed");
    const readerTrust = parsePolicy(resources(state, "aws_iam_role").state_reader.assume_role_policy);
    expect(await asCi("ci_plan", "sts:AssumeRole", stateReaderArns(config)[0], readerTrust)).not.toBe("Allowed");
    // The boundary caps a CI role even if someone granted it everything
    const everything = await simulate({
      principal: `arn:aws:iam::${management.id}:role/innovate-ci-prod`, action: "iam:CreateUser", resource: `arn:aws:iam::${management.id}:user/backdoor`, resourceAccount: management.id!,
      identityPolicies: [{ name: "as if AdministratorAccess", policy: FULL_AWS_ACCESS }], permissionBoundaryPolicies: [{ name: "ci-boundary", policy: boundary }],
      context: { "aws:PrincipalAccount": management.id! },
    });
    expect(everything).not.toBe("Allowed");
  });
});
