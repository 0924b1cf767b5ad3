import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { IamRole } from "../iam-role";
import { pinAddress } from "../lib/address";

export interface NodeGroupSize {
  readonly instanceTypes: string[];
  readonly minSize: number;
  readonly maxSize: number;
}

/** EKS access policies (Kubernetes RBAC for IAM principals), from most to least privileged. */
export const EKS_ACCESS_POLICIES = {
  "cluster-admin": "AmazonEKSClusterAdminPolicy",
  admin: "AmazonEKSAdminPolicy",
  edit: "AmazonEKSEditPolicy",
  view: "AmazonEKSViewPolicy",
} as const;
export type EksAccessLevel = keyof typeof EKS_ACCESS_POLICIES;

export interface EksAccess {
  /** Resource address suffix, e.g. "admin" → aws_eks_access_entry.<id>_admin. */
  readonly key: string;
  /** An IAM role of this account. */
  readonly principalArn: string;
  readonly level: EksAccessLevel;
}

export interface EksPlatformProps {
  readonly clusterName: string;
  readonly version: string;
  readonly subnetIds: string[];
  /** Extra security group on the control plane ENIs (the app group, so the data stores admit it). */
  readonly securityGroupIds: string[];
  readonly publicAccessCidrs: string[];
  readonly kmsKeyArn: string;
  readonly logsKmsKeyArn: string;
  readonly logRetentionDays: number;
  readonly systemNodes: NodeGroupSize;
  readonly appNodes: NodeGroupSize;
  readonly roleNames: { readonly cluster: string; readonly nodes: string; readonly clusterAutoscaler: string };
  /**
   * Who may use the Kubernetes API, cluster-wide: an access entry and an access policy per principal. Authentication
   * mode is API and the creator gets no implicit admin, so without these nobody can reach the cluster. @default none
   */
  readonly access?: EksAccess[];
}

/**
 * EKS: private API endpoint (public only from the given CIDRs), secrets envelope-encrypted with the account's key,
 * every control-plane log type, managed node groups for system and app workloads in private subnets, the Pod Identity
 * agent for workload identity, and the cluster-autoscaler's role bound to its service account. What runs inside the
 * cluster (autoscaler chart, HPA, KEDA, GitOps) is out of scope.
 */
export class EksPlatform extends Construct {
  readonly clusterName: string;

  constructor(scope: Construct, id: string, props: EksPlatformProps) {
    super(scope, id);
    const at = (suffix: string) => `${id}_${suffix}`;
    const logs = pinAddress(
      new CloudwatchLogGroup(this, "logs", { name: `/aws/eks/${props.clusterName}/cluster`, retentionInDays: props.logRetentionDays, kmsKeyId: props.logsKmsKeyArn }),
      id,
    );
    const clusterRole = new IamRole(this, at("cluster"), {
      roleName: props.roleNames.cluster,
      description: "EKS control plane",
      trustStatements: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
      managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"],
    });
    const cluster = pinAddress(
      new EksCluster(this, "cluster", {
        name: props.clusterName,
        version: props.version,
        roleArn: clusterRole.roleArn,
        vpcConfig: {
          subnetIds: props.subnetIds,
          securityGroupIds: props.securityGroupIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: props.publicAccessCidrs.length > 0,
          publicAccessCidrs: props.publicAccessCidrs.length ? props.publicAccessCidrs : undefined,
        },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.kmsKeyArn } },
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        dependsOn: [logs],
      }),
      id,
    );
    this.clusterName = props.clusterName;

    for (const access of props.access ?? []) {
      const entry = pinAddress(
        new EksAccessEntry(this, `access-${access.key}`, { clusterName: cluster.name, principalArn: access.principalArn, type: "STANDARD" }),
        at(`access_${access.key}`),
      );
      pinAddress(
        new EksAccessPolicyAssociation(this, `access-policy-${access.key}`, {
          clusterName: cluster.name,
          principalArn: entry.principalArn,
          policyArn: `arn:aws:eks::aws:cluster-access-policy/${EKS_ACCESS_POLICIES[access.level]}`,
          accessScope: { type: "cluster" },
        }),
        at(`access_${access.key}`),
      );
    }

    const nodeRole = new IamRole(this, at("nodes"), {
      roleName: props.roleNames.nodes,
      description: "EKS managed nodes",
      trustStatements: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      managedPolicyArns: [
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
      ],
    });
    // Nodes: IMDSv2 only, one hop (pods cannot reach the node's credentials; they use Pod Identity), and encrypted root
    // volumes (CIS 5.6 / 2.2.1; checkov CKV_AWS_79, CKV_AWS_341). With the account's EBS key, not the data key: a
    // customer key would need the Auto Scaling service-linked role in its policy, and KMS rejects a policy naming a
    // role that does not exist yet (it appears with the first node group).
    const launchTemplate = (key: string) =>
      pinAddress(
        new LaunchTemplate(this, `${key}-launch-template`, {
          namePrefix: `${props.clusterName}-${key}-`,
          description: `EKS ${key} nodes of ${props.clusterName}`,
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
          blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 50, volumeType: "gp3", deleteOnTermination: "true" } }],
          tagSpecifications: [{ resourceType: "instance", tags: { Name: `${props.clusterName}-${key}` } }],
        }),
        at(`${key}_nodes`),
      );
    const nodeGroup = (key: "system" | "app", size: NodeGroupSize) =>
      pinAddress(
        new EksNodeGroup(this, `${key}-nodes`, {
          clusterName: cluster.name,
          nodeGroupName: key,
          nodeRoleArn: nodeRole.roleArn,
          subnetIds: props.subnetIds,
          instanceTypes: size.instanceTypes,
          launchTemplate: (() => {
            const template = launchTemplate(key);
            return { id: template.id, version: template.latestVersion.toString() };
          })(),
          scalingConfig: { minSize: size.minSize, maxSize: size.maxSize, desiredSize: size.minSize },
          updateConfig: { maxUnavailable: 1 },
          labels: { "lz/workload": key },
          taint: key === "system" ? [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }] : undefined,
          tags: { [`k8s.io/cluster-autoscaler/${props.clusterName}`]: "owned", "k8s.io/cluster-autoscaler/enabled": "true" },
          // The cluster autoscaler owns the desired size.
          lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
        }),
        at(key),
      );
    const nodeGroups = [nodeGroup("system", props.systemNodes), nodeGroup("app", props.appNodes)];

    pinAddress(new EksAddon(this, "pod-identity", { clusterName: cluster.name, addonName: "eks-pod-identity-agent" }), at("pod_identity"));
    const autoscaler = new IamRole(this, at("cluster_autoscaler"), {
      roleName: props.roleNames.clusterAutoscaler,
      description: "cluster-autoscaler (kube-system service account), via EKS Pod Identity",
      trustStatements: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
      inlinePolicies: {
        "scale-node-groups": [
          {
            Sid: "Describe",
            Effect: "Allow",
            Action: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
              "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
              "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements"],
            Resource: "*", // these actions support no resource-level restriction
          },
          { Sid: "DescribeThisClustersNodeGroups", Effect: "Allow", Action: "eks:DescribeNodegroup", Resource: nodeGroups.map((g) => g.arn) },
          {
            Sid: "ScaleOnlyThisClustersGroups",
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            // Managed node groups' Auto Scaling groups are named eks-<node group>-<id>; the tag narrows to this cluster.
            Resource: "arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/eks-*",
            Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${props.clusterName}`]: "owned" } },
          },
        ],
      },
    });
    pinAddress(
      new EksPodIdentityAssociation(this, "autoscaler-identity", {
        clusterName: cluster.name,
        namespace: "kube-system",
        serviceAccount: "cluster-autoscaler",
        roleArn: autoscaler.roleArn,
      }),
      at("cluster_autoscaler"),
    );
  }
}
