import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { EksPlatform, type EksPlatformProps } from ".";

const props: EksPlatformProps = {
  clusterName: "acme-prod", version: "1.31", subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-app"], publicAccessCidrs: [],
  kmsKeyArn: "arn:data-key", logsKmsKeyArn: "arn:logs-key", logRetentionDays: 365,
  systemNodes: { instanceTypes: ["t4g.medium"], minSize: 2, maxSize: 3 }, appNodes: { instanceTypes: ["m7g.large"], minSize: 2, maxSize: 10 },
  roleNames: { cluster: "acme-prod-eks-cluster", nodes: "acme-prod-eks-nodes", clusterAutoscaler: "acme-prod-cluster-autoscaler" },
};
const synth = (over: Partial<EksPlatformProps> = {}) => JSON.parse(Testing.synthScope((s) => void new EksPlatform(s, "eks", { ...props, ...over }))).resource;

describe("EksPlatform", () => {
  it("encrypts secrets with the CMK (CKV_AWS_58), logs every control-plane type (CKV_AWS_37) to a KMS group, private endpoint only by default (CKV_AWS_38/39)", () => {
    const r = synth();
    expect(r.aws_eks_cluster.eks).toMatchObject({
      encryption_config: { resources: ["secrets"], provider: { key_arn: "arn:data-key" } },
      enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      vpc_config: { endpoint_private_access: true, endpoint_public_access: false },
    });
    expect(r.aws_cloudwatch_log_group.eks).toMatchObject({ kms_key_id: "arn:logs-key", retention_in_days: 365 });
  });

  it("opens the public endpoint only to the listed CIDRs", () => {
    expect(synth({ publicAccessCidrs: ["203.0.113.0/24"] }).aws_eks_cluster.eks.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
  });

  it("node groups in private subnets, the system group tainted; the autoscaler may scale only this cluster's groups", () => {
    const r = synth();
    expect(r.aws_eks_node_group.eks_system.taint).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
    expect(r.aws_eks_node_group.eks_app.subnet_ids).toEqual(["subnet-a", "subnet-b"]);
    const scale = JSON.parse(r.aws_iam_role_policy["eks_cluster_autoscaler_scale-node-groups"].policy).Statement.find((s: { Sid: string }) => s.Sid === "ScaleOnlyThisClustersGroups");
    expect(scale.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/acme-prod": "owned" } });
  });

  it("gives each listed principal an access entry and a cluster-wide access policy (authentication mode API, no creator admin)", () => {
    const r = synth({ access: [{ key: "admin", principalArn: "arn:aws:iam::123456789012:role/acme-admin", level: "cluster-admin" }, { key: "readonly", principalArn: "arn:aws:iam::123456789012:role/acme-readonly", level: "view" }] });
    expect(r.aws_eks_cluster.eks.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    expect(r.aws_eks_access_entry.eks_access_admin).toEqual({ cluster_name: "${aws_eks_cluster.eks.name}", principal_arn: "arn:aws:iam::123456789012:role/acme-admin", type: "STANDARD" });
    expect(r.aws_eks_access_policy_association.eks_access_admin).toEqual({
      cluster_name: "${aws_eks_cluster.eks.name}", principal_arn: "${aws_eks_access_entry.eks_access_admin.principal_arn}",
      policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope: { type: "cluster" },
    });
    expect(r.aws_eks_access_policy_association.eks_access_readonly.policy_arn).toBe("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
    expect(synth().aws_eks_access_entry).toBeUndefined();
  });

  it("nodes come from launch templates: IMDSv2 only with one hop, encrypted root volumes", () => {
    const r = synth();
    for (const key of ["system", "app"]) {
      expect(r.aws_launch_template[`eks_${key}_nodes`]).toMatchObject({
        metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
        block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true", volume_type: "gp3" } }],
      });
      expect(r.aws_eks_node_group[`eks_${key}`].launch_template).toEqual({ id: `\${aws_launch_template.eks_${key}_nodes.id}`, version: `\${aws_launch_template.eks_${key}_nodes.latest_version}` });
    }
  });
});
