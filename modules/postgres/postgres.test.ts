import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { Postgres, type PostgresProps } from ".";

const props: PostgresProps = {
  identifier: "acme-prod-postgres", engineVersion: "16.4", instanceClass: "db.m6g.large", multiAz: true, readReplicas: 1, backupRetentionDays: 35,
  allocatedStorageGb: 50, maxAllocatedStorageGb: 500, subnetIds: ["subnet-a", "subnet-b"], securityGroupId: "sg-db", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
  monitoringRoleName: "acme-prod-rds-monitoring", backupTags: { "lz:backup": "acme-prod-daily" },
};
const synth = (over: Partial<PostgresProps> = {}) => JSON.parse(Testing.synthScope((s) => void new Postgres(s, "postgres", { ...props, ...over }))).resource;

describe("Postgres", () => {
  it("encrypts with the CMK, is private, IAM-auth, Performance Insights with the CMK, monitoring, log exports, minor upgrades, tags to snapshots", () => {
    expect(synth().aws_db_instance.postgres).toMatchObject({
      storage_encrypted: true, kms_key_id: props.kmsKeyArn, publicly_accessible: false, iam_database_authentication_enabled: true,
      performance_insights_enabled: true, performance_insights_kms_key_id: props.kmsKeyArn, monitoring_interval: 60,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"], auto_minor_version_upgrade: true, copy_tags_to_snapshot: true,
      multi_az: true, backup_retention_period: 35, tags: { "lz:backup": "acme-prod-daily" },
    });
  });

  it("never loses data: deletion protection, a final snapshot, automated backups kept, prevent_destroy", () => {
    expect(synth().aws_db_instance.postgres).toMatchObject({
      deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: "acme-prod-postgres-final", delete_automated_backups: false, lifecycle: { prevent_destroy: true },
    });
  });

  it("keeps the master password in Secrets Manager under the CMK, never in state", () => {
    const db = synth().aws_db_instance.postgres;
    expect(db).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: props.kmsKeyArn });
    expect(db.password).toBeUndefined();
  });

  it("forces TLS and logs DDL through its parameter group (CKV2_AWS_30/69)", () => {
    expect(synth().aws_db_parameter_group.postgres.parameter).toEqual(expect.arrayContaining([{ name: "rds.force_ssl", value: "1" }, { name: "log_statement", value: "ddl" }]));
  });

  it("adds protected, encrypted read replicas; pins a Single-AZ primary only when asked", () => {
    const r = synth();
    expect(r.aws_db_instance.postgres_replica_1).toMatchObject({ replicate_source_db: "${aws_db_instance.postgres.identifier}", storage_encrypted: true, lifecycle: { prevent_destroy: true } });
    expect(r.aws_db_instance.postgres.availability_zone).toBeUndefined();
    expect(synth({ multiAz: false, readReplicas: 0, availabilityZone: "eu-west-1a" }).aws_db_instance.postgres.availability_zone).toBe("eu-west-1a");
  });
});
