import { Construct } from "constructs";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { IamRole } from "../iam-role";
import { pinAddress, protect } from "../lib/address";
import type { PolicyStatement } from "../lib/policy";
import type { AlarmSpec } from "../alarms";

export interface FargateServiceSize {
  readonly cpu: number;
  readonly memory: number;
  readonly minTasks: number;
  readonly maxTasks: number;
}

export interface EcsPlatformProps {
  readonly name: string;
  readonly region: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly logsKmsKeyArn: string;
  readonly dataKmsKeyArn: string;
  readonly logRetentionDays: number;
  readonly api: FargateServiceSize & { readonly image: string; readonly port: number };
  readonly workers: FargateServiceSize & { readonly image: string };
  /** ALB target group of the api, and the ALB/target-group ARN suffixes for request-count scaling. */
  readonly loadBalancer: { readonly targetGroupArn: string; readonly albArnSuffix: string; readonly targetGroupArnSuffix: string };
  /** Secrets handed to both containers: env var name → Secrets Manager ARN. */
  readonly secrets: Record<string, string>;
  /** Role names (IAM names are account-global). */
  readonly roleNames: { readonly execution: string; readonly api: string; readonly workers: string };
  /** Queue depth per worker task that autoscaling aims for. @default 100 */
  readonly messagesPerWorker?: number;
  /** Tenant services (each behind its own ALB target group), tagged tenant=<name>. @default none */
  readonly tenants?: (FargateServiceSize & { readonly name: string; readonly image: string; readonly port: number; readonly targetGroupArn: string })[];
  /** Role name of the tenants' task role (it holds no permissions). @default `<name>-tenants-task` */
  readonly tenantTaskRoleName?: string;
  /** AWS X-Ray: a daemon sidecar in every task and write access for the task roles. @default false */
  readonly tracing?: boolean;
}

/** The X-Ray daemon image (AWS's public ECR). */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.14";
const XRAY_WRITE_POLICY = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess";

/**
 * ECS Fargate: a cluster with Container Insights, the `api` service behind the ALB and the `workers` service fed by an
 * SQS queue (with DLQ, KMS), rolling deploys with the circuit breaker and automatic rollback, least-privilege roles
 * (execution ≠ task role), read-only root filesystems, KMS log groups, and autoscaling (api on CPU and requests,
 * workers on queue depth). Terraform creates the first task definition; the app's own deploys register new revisions
 * and the services ignore them (no fight with Terraform).
 */
export class EcsPlatform extends Construct {
  readonly clusterName: string;
  readonly queueArn: string;
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly serviceNames: { readonly api: string; readonly workers: string };
  /** CPU and memory of the api and workers services, and the dead-letter queue's depth. */
  readonly alarms: AlarmSpec[];

  constructor(scope: Construct, id: string, props: EcsPlatformProps) {
    super(scope, id);
    const at = (suffix: string) => `${id}_${suffix}`;
    const cluster = pinAddress(
      new EcsCluster(this, "cluster", { name: props.name, setting: [{ name: "containerInsights", value: "enabled" }] }),
      id,
    );
    this.clusterName = cluster.name;

    const dlq = protect(
      new SqsQueue(this, "dlq", { name: `${props.name}-jobs-dlq`, kmsMasterKeyId: props.dataKmsKeyArn, messageRetentionSeconds: 1209600 }),
      at("jobs_dlq"),
    );
    const queue = protect(
      new SqsQueue(this, "queue", {
        name: `${props.name}-jobs`,
        kmsMasterKeyId: props.dataKmsKeyArn,
        visibilityTimeoutSeconds: 300,
        messageRetentionSeconds: 345600,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
      }),
      at("jobs"),
    );
    this.queueArn = queue.arn;
    this.queueName = queue.name;
    this.deadLetterQueueName = dlq.name;

    const secretArns = Object.values(props.secrets);
    const tracingPolicies = props.tracing ? [XRAY_WRITE_POLICY] : [];
    const execution = new IamRole(this, at("execution"), {
      roleName: props.roleNames.execution,
      description: "ECS pulls images, writes logs and reads the task secrets",
      trustStatements: [ecsTasksTrust()],
      managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
      inlinePolicies: secretArns.length
        ? {
            "read-task-secrets": [
              { Sid: "ReadTaskSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArns },
              { Sid: "DecryptTaskSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: props.dataKmsKeyArn },
            ],
          }
        : undefined,
    });
    const queueAccess = (actions: string[]): PolicyStatement[] => [
      { Sid: "JobQueue", Effect: "Allow", Action: actions, Resource: queue.arn },
      { Sid: "JobQueueKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.dataKmsKeyArn },
    ];
    const apiRole = new IamRole(this, at("api_task"), {
      roleName: props.roleNames.api,
      description: "What the api containers may do: enqueue jobs",
      trustStatements: [ecsTasksTrust()],
      managedPolicyArns: tracingPolicies,
      inlinePolicies: { "enqueue-jobs": queueAccess(["sqs:SendMessage", "sqs:GetQueueAttributes"]) },
    });
    const workersRole = new IamRole(this, at("workers_task"), {
      roleName: props.roleNames.workers,
      description: "What the worker containers may do: consume jobs",
      trustStatements: [ecsTasksTrust()],
      managedPolicyArns: tracingPolicies,
      inlinePolicies: {
        "consume-jobs": queueAccess(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]),
      },
    });

    const env = [{ name: "JOBS_QUEUE_URL", value: queue.url }, ...(props.tracing ? [{ name: "AWS_XRAY_DAEMON_ADDRESS", value: "127.0.0.1:2000" }] : [])];
    const secrets = Object.entries(props.secrets).map(([name, valueFrom]) => ({ name, valueFrom }));
    const service = (
      svc: string,
      size: FargateServiceSize & { image: string; port?: number },
      taskRoleArn: string,
      targetGroupArn?: string,
      tags?: Record<string, string>,
    ): EcsService => {
      const logGroup = pinAddress(
        new CloudwatchLogGroup(this, `${svc}-logs`, { name: `/ecs/${props.name}/${svc}`, retentionInDays: props.logRetentionDays, kmsKeyId: props.logsKmsKeyArn, tags }),
        at(svc),
      );
      const container = {
        name: svc,
        image: size.image,
        essential: true,
        readonlyRootFilesystem: true,
        privileged: false,
        portMappings: size.port ? [{ containerPort: size.port, protocol: "tcp" }] : [],
        environment: env,
        secrets,
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        linuxParameters: { initProcessEnabled: true },
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroup.name, "awslogs-region": props.region, "awslogs-stream-prefix": svc } },
      };
      const task = pinAddress(
        new EcsTaskDefinition(this, `${svc}-task`, {
          family: `${props.name}-${svc}`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(size.cpu),
          memory: String(size.memory),
          executionRoleArn: execution.roleArn,
          taskRoleArn,
          volume: [{ name: "tmp" }],
          containerDefinitions: JSON.stringify(props.tracing ? [container, xrayDaemon(logGroup.name, props.region)] : [container]),
          tags,
        }),
        at(svc),
      );
      const ecsService = pinAddress(
        new EcsService(this, `${svc}-service`, {
          name: svc,
          cluster: cluster.arn,
          taskDefinition: task.arn,
          desiredCount: size.minTasks,
          launchType: "FARGATE",
          platformVersion: "LATEST",
          deploymentMinimumHealthyPercent: 100,
          deploymentMaximumPercent: 200,
          deploymentCircuitBreaker: { enable: true, rollback: true },
          enableExecuteCommand: false,
          propagateTags: "SERVICE",
          networkConfiguration: { subnets: props.subnetIds, securityGroups: [props.securityGroupId], assignPublicIp: false },
          loadBalancer: size.port ? [{ targetGroupArn: targetGroupArn ?? props.loadBalancer.targetGroupArn, containerName: svc, containerPort: size.port }] : undefined,
          tags,
          healthCheckGracePeriodSeconds: size.port ? 60 : undefined,
          // The app's deploys register task-definition revisions; autoscaling owns the desired count.
          lifecycle: { ignoreChanges: ["task_definition", "desired_count"] },
        }),
        at(svc),
      );
      return ecsService;
    };
    const apiService = service("api", props.api, apiRole.roleArn);
    const workersService = service("workers", props.workers, workersRole.roleArn);
    this.serviceNames = { api: "api", workers: "workers" };
    this.alarms = [
      ...(["api", "workers"] as const).flatMap((svc): AlarmSpec[] => {
        const dimensions = { ClusterName: cluster.name, ServiceName: this.serviceNames[svc] };
        return [
          { name: `ecs-${svc}-cpu`, description: `ECS ${svc} CPU %`, namespace: "AWS/ECS", metricName: "CPUUtilization",
            dimensions, statistic: "Average", threshold: 85, comparison: "GreaterThanThreshold" },
          { name: `ecs-${svc}-memory`, description: `ECS ${svc} memory %`, namespace: "AWS/ECS", metricName: "MemoryUtilization",
            dimensions, statistic: "Average", threshold: 85, comparison: "GreaterThanThreshold" },
        ];
      }),
      { name: "jobs-dlq-depth", description: "Jobs in the dead-letter queue", namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: dlq.name }, statistic: "Maximum", threshold: 0, comparison: "GreaterThanThreshold", evaluationPeriods: 1 },
    ];

    const tenantRole = props.tenants?.length
      ? new IamRole(this, at("tenants_task"), {
          roleName: props.tenantTaskRoleName ?? `${props.name}-tenants-task`,
          description: "Tenant containers: no AWS permissions unless a tenant is given its own",
          trustStatements: [ecsTasksTrust()],
          managedPolicyArns: tracingPolicies,
        })
      : undefined;
    const tenantServices = (props.tenants ?? []).map((t) => {
      const svc = `tenant-${t.name}`;
      return { t, svc, service: service(svc, t, tenantRole!.roleArn, t.targetGroupArn, { tenant: t.name }) };
    });

    const target = (svc: string, size: FargateServiceSize, ecsService: EcsService) =>
      pinAddress(
        new AppautoscalingTarget(this, `${svc}-scaling`, {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: `service/${props.name}/${svc}`,
          minCapacity: size.minTasks,
          maxCapacity: size.maxTasks,
          dependsOn: [ecsService],
        }),
        at(svc),
      );
    const apiTarget = target("api", props.api, apiService);
    const tracking = (key: string, t: AppautoscalingTarget, config: object) =>
      pinAddress(
        new AppautoscalingPolicy(this, key, {
          name: `${props.name}-${key}`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: t.serviceNamespace,
          scalableDimension: t.scalableDimension,
          resourceId: t.resourceId,
          targetTrackingScalingPolicyConfiguration: { scaleInCooldown: 120, scaleOutCooldown: 60, ...config } as never,
        }),
        at(key.replace(/-/g, "_")),
      );
    tracking("api-cpu", apiTarget, { targetValue: 60, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } });
    tracking("api-requests", apiTarget, {
      targetValue: 500,
      predefinedMetricSpecification: {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: `${props.loadBalancer.albArnSuffix}/${props.loadBalancer.targetGroupArnSuffix}`,
      },
    });
    for (const { t, svc, service: tenantService } of tenantServices) {
      tracking(`${svc}-cpu`, target(svc, t, tenantService), { targetValue: 60, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } });
    }
    const workersTarget = target("workers", props.workers, workersService);
    tracking("workers-queue-depth", workersTarget, {
      targetValue: props.messagesPerWorker ?? 100,
      customizedMetricSpecification: {
        metricName: "ApproximateNumberOfMessagesVisible",
        namespace: "AWS/SQS",
        statistic: "Average",
        dimensions: [{ name: "QueueName", value: queue.name }],
      },
    });
  }
}

/** X-Ray daemon sidecar: not essential (the app keeps running without traces), read-only, logs to the service's group. */
function xrayDaemon(logGroupName: string, region: string) {
  return {
    name: "xray-daemon",
    image: XRAY_DAEMON_IMAGE,
    essential: false,
    readonlyRootFilesystem: true,
    privileged: false,
    cpu: 32,
    memoryReservation: 128,
    portMappings: [{ containerPort: 2000, protocol: "udp" }],
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": "xray" } },
  };
}

function ecsTasksTrust(): PolicyStatement {
  return { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" };
}
