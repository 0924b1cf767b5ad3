import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { describe, expect, it } from "vitest";
import { DocumentDb } from ".";

const synth = (instances: number) =>
  JSON.parse(
    Testing.synthScope((s) => {
      new AwsProvider(s, "aws", { region: "eu-central-1" });
      new DocumentDb(s, "documentdb", {
        identifier: "acme-prod-docdb", engineVersion: "5.0.0", instanceClass: "db.r6g.large", instances, backupRetentionDays: 14, backupWindow: "03:00-04:00",
        subnetIds: ["subnet-a", "subnet-b"], securityGroupId: "sg-docdb", kmsKeyArn: "arn:aws:kms:eu-central-1:111111111111:key/k", backupTags: { backup: "daily" },
      });
    }),
  ).resource;

describe("DocumentDb", () => {
  it("encrypts with the key, requires TLS, exports audit and profiler logs, and lets AWS hold the master password", () => {
    const r = synth(2);
    expect(r.aws_docdb_cluster.documentdb).toMatchObject({
      storage_encrypted: true, kms_key_id: "arn:aws:kms:eu-central-1:111111111111:key/k", manage_master_user_password: true,
      enabled_cloudwatch_logs_exports: ["audit", "profiler"], vpc_security_group_ids: ["sg-docdb"], tags: { backup: "daily" },
    });
    expect(r.aws_docdb_cluster.documentdb.master_password).toBeUndefined();
    const params = Object.fromEntries(r.aws_docdb_cluster_parameter_group.documentdb.parameter.map((p: { name: string; value: string }) => [p.name, p.value]));
    expect(params).toMatchObject({ tls: "enabled", audit_logs: "enabled", profiler: "enabled" });
    expect(r.aws_docdb_cluster_parameter_group.documentdb.family).toBe("docdb5.0");
  });

  it("guards the data: deletion protection, a final snapshot, the backup window, prevent_destroy on cluster and instances", () => {
    const r = synth(2);
    expect(r.aws_docdb_cluster.documentdb).toMatchObject({ deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: "acme-prod-docdb-final", backup_retention_period: 14, preferred_backup_window: "03:00-04:00", lifecycle: { prevent_destroy: true } });
    expect(Object.keys(r.aws_docdb_cluster_instance)).toEqual(["documentdb_1", "documentdb_2"]);
    expect(r.aws_docdb_cluster_instance.documentdb_2).toMatchObject({ instance_class: "db.r6g.large", promotion_tier: 1, lifecycle: { prevent_destroy: true } });
  });

  it("alarms on CPU, memory and connections, and on replica lag only with readers", () => {
    const alarms = (n: number) => {
      let names: string[] = [];
      Testing.synthScope((s) => {
        const d = new DocumentDb(s, "x", { identifier: "a", engineVersion: "5.0.0", instanceClass: "db.t4g.medium", instances: n, backupRetentionDays: 1, backupWindow: "03:00-04:00", subnetIds: [], securityGroupId: "sg", kmsKeyArn: "k", backupTags: {} });
        names = d.alarms.map((a) => a.metricName);
      });
      return names;
    };
    expect(alarms(1)).toEqual(["CPUUtilization", "FreeableMemory", "DatabaseConnections"]);
    expect(alarms(2)).toContain("DBClusterReplicaLagMaximum");
  });
});
