import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { EcsPlatform, type EcsPlatformProps } from ".";

const props: EcsPlatformProps = {
  name: "acme-prod", region: "eu-west-1", subnetIds: ["subnet-a"], securityGroupId: "sg-app", logsKmsKeyArn: "arn:logs-key", dataKmsKeyArn: "arn:data-key", logRetentionDays: 365,
  api: { cpu: 1024, memory: 2048, minTasks: 2, maxTasks: 10, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1", port: 8080 },
  workers: { cpu: 512, memory: 1024, minTasks: 1, maxTasks: 4, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/workers:1" },
  loadBalancer: { targetGroupArn: "arn:tg", albArnSuffix: "app/alb/1", targetGroupArnSuffix: "targetgroup/api/1" },
  secrets: { WORKOS_API_KEY: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme-prod/workos-api-key" },
  roleNames: { execution: "acme-prod-ecs-execution", api: "acme-prod-api-task", workers: "acme-prod-workers-task" },
};
let alarmNames: string[] = [];
const synth = (over: Partial<EcsPlatformProps> = {}) =>
  JSON.parse(Testing.synthScope((s) => void (alarmNames = new EcsPlatform(s, "ecs", { ...props, ...over }).alarms.map((a) => a.name)))).resource;

describe("EcsPlatform", () => {
  it("turns on Container Insights (CKV_AWS_65)", () => {
    expect(synth().aws_ecs_cluster.ecs.setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  it("runs services on Fargate LATEST (CKV_AWS_332), without public IPs (CKV_AWS_333) or exec, with a rolling-back circuit breaker", () => {
    for (const svc of Object.values(synth().aws_ecs_service) as Record<string, unknown>[]) {
      expect(svc).toMatchObject({
        launch_type: "FARGATE", platform_version: "LATEST", enable_execute_command: false, deployment_circuit_breaker: { enable: true, rollback: true },
        network_configuration: { assign_public_ip: false, security_groups: ["sg-app"] },
      });
    }
  });

  it("containers: read-only root (CKV_AWS_336), not privileged (CKV_AWS_334), secrets by reference, logs to a KMS group", () => {
    const r = synth();
    const [container] = JSON.parse(r.aws_ecs_task_definition.ecs_api.container_definitions);
    expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false, secrets: [{ name: "WORKOS_API_KEY", valueFrom: props.secrets.WORKOS_API_KEY }] });
    expect(JSON.stringify(container.environment)).not.toContain("secretsmanager");
    expect(r.aws_cloudwatch_log_group.ecs_api).toMatchObject({ kms_key_id: "arn:logs-key", retention_in_days: 365 });
  });

  it("gives the execution role and each task role a different role (CKV_AWS_249) with only its own permissions", () => {
    const r = synth();
    const api = r.aws_ecs_task_definition.ecs_api;
    expect(api.execution_role_arn).not.toBe(api.task_role_arn);
    const policies = r.aws_iam_role_policy as Record<string, { policy: string }>;
    expect(JSON.parse(policies["ecs_api_task_enqueue-jobs"].policy).Statement[0].Action).toEqual(["sqs:SendMessage", "sqs:GetQueueAttributes"]);
    expect(JSON.parse(policies["ecs_execution_read-task-secrets"].policy).Statement[0]).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: [props.secrets.WORKOS_API_KEY] });
  });

  it("encrypts and protects the job queues (CKV_AWS_27 with the CMK)", () => {
    const q = synth().aws_sqs_queue;
    for (const queue of Object.values(q) as Record<string, unknown>[]) expect(queue).toMatchObject({ kms_master_key_id: "arn:data-key", lifecycle: { prevent_destroy: true } });
  });

  it("adds an X-Ray sidecar only with tracing, and reports its own alarms", () => {
    expect(JSON.parse(synth().aws_ecs_task_definition.ecs_api.container_definitions)).toHaveLength(1);
    expect(JSON.parse(synth({ tracing: true }).aws_ecs_task_definition.ecs_api.container_definitions)).toHaveLength(2);
    expect(alarmNames).toEqual(["ecs-api-cpu", "ecs-api-memory", "ecs-workers-cpu", "ecs-workers-memory", "jobs-dlq-depth"]);
  });
});
