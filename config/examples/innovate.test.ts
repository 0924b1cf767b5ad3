/** What makes the Innovate design (shared/seeds 003): EKS, ≥ 2 AZs everywhere, the 3-tier network, Multi-AZ PostgreSQL with PITR. */
import { describe, expect, it } from "vitest";
import { resources, synthConfigFile } from "../../test/testing";

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
