import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ReplicaDestination, ReplicationSource } from ".";

const roleArn = "arn:aws:iam::111111111111:role/dri-replicate-subset";

describe("ReplicationSource", () => {
  let alarms: string[] = [];
  const r = JSON.parse(
    Testing.synthScope((s) => {
      const src = new ReplicationSource(s, "replication_subset", {
        bucketName: "dri-production-subset-111111111111", kmsKeyArn: "arn:data-key", roleName: "dri-replicate-subset", alarmName: "subset", maxLatencySeconds: 1800,
        filters: [{ prefix: "datasets/" }],
        destination: { accountId: "222222222222", bucketName: "dri-staging-subset-222222222222", kmsKeyAlias: "alias/dri-replica-subset", kmsKeyAliasArn: "arn:aws:kms:eu-west-2:222222222222:alias/dri-replica-subset" },
      });
      alarms = src.alarms.map((a) => `${a.name}>${a.threshold}`);
    }),
  ).resource;
  const rule = r.aws_s3_bucket_replication_configuration.replication_subset.rule[0];

  it("replicates only the filtered subset, never delete markers, re-encrypted with the destination's key and owned by it", () => {
    expect(rule).toMatchObject({ filter: { prefix: "datasets/" }, delete_marker_replication: { status: "Disabled" } });
    expect(rule.destination).toMatchObject({
      account: "222222222222", access_control_translation: { owner: "Destination" },
      encryption_configuration: { replica_kms_key_id: "arn:aws:kms:eu-west-2:222222222222:alias/dri-replica-subset" },
      replication_time: { status: "Enabled", time: { minutes: 15 } }, metrics: { status: "Enabled" },
    });
  });

  it("encrypts with the destination's key only through its alias", () => {
    const statements = JSON.parse(r.aws_iam_role_policy.replication_subset_replication_replicate.policy).Statement;
    expect(statements.find((st: { Sid: string }) => st.Sid === "EncryptWithDestinationKey").Condition).toEqual({ "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/dri-replica-subset" } });
  });

  it("alarms on failed and late replication per rule", () => {
    expect(alarms).toEqual(["replication-subset-subset-1-failed>0", "replication-subset-subset-1-late>1800"]);
  });
});

describe("ReplicaDestination", () => {
  it("admits only the source's replication role, to its own key and bucket", () => {
    const r = JSON.parse(
      Testing.synthScope((s) => void new ReplicaDestination(s, "replica_subset", {
        accountId: "222222222222", bucketName: "dri-staging-subset-222222222222", kmsKeyAlias: "alias/dri-replica-subset", source: { accountId: "111111111111", roleArn },
      })),
    ).resource;
    const statements = JSON.parse(r.aws_s3_bucket_policy.replica_subset.policy).Statement as { Sid: string; Effect: string; Condition?: unknown }[];
    for (const st of statements.filter((x) => x.Effect === "Allow")) expect(st.Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": roleArn } });
    const key = JSON.parse(r.aws_kms_key.replica_subset_key.policy).Statement.find((st: { Sid: string }) => st.Sid === "SourceReplicationRoleEncryptsReplicas");
    expect(key.Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": roleArn } });
  });
});
