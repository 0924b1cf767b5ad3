import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { Redis, type RedisProps } from ".";

const props: RedisProps = {
  replicationGroupId: "acme-prod-redis", nodeType: "cache.r7g.large", multiAz: true, replicas: 1, snapshotRetentionDays: 7,
  subnetIds: ["subnet-a", "subnet-b"], securityGroupId: "sg-redis", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", appUserName: "acme-prod-app",
};
const synth = (over: Partial<RedisProps> = {}) => JSON.parse(Testing.synthScope((s) => void new Redis(s, "redis", { ...props, ...over }))).resource;

describe("Redis", () => {
  it("encrypts at rest with the CMK (CKV_AWS_29, CKV_AWS_191) and in transit (CKV_AWS_30), fails over across AZs (CKV2_AWS_50), is protected", () => {
    expect(synth().aws_elasticache_replication_group.redis).toMatchObject({
      at_rest_encryption_enabled: "true", kms_key_id: props.kmsKeyArn, transit_encryption_enabled: true,
      automatic_failover_enabled: true, multi_az_enabled: true, num_cache_clusters: 2, final_snapshot_identifier: "acme-prod-redis-final",
      lifecycle: { prevent_destroy: true },
    });
  });

  it("authenticates through an RBAC user group (CKV_AWS_31): the default user off, the app user by IAM, no auth token in state", () => {
    const r = synth();
    expect(r.aws_elasticache_user.redis_default).toMatchObject({ user_name: "default", access_string: "off -@all" });
    expect(r.aws_elasticache_user.redis_app).toMatchObject({ user_name: "acme-prod-app", authentication_mode: { type: "iam" } });
    expect(r.aws_elasticache_replication_group.redis.user_group_ids).toEqual(["${aws_elasticache_user_group.redis.user_group_id}"]);
    expect(r.aws_elasticache_replication_group.redis.auth_token).toBeUndefined();
  });

  it("a single node without failover when the tier is single-AZ", () => {
    expect(synth({ multiAz: false, replicas: 0, preferredAvailabilityZones: ["eu-west-1a"] }).aws_elasticache_replication_group.redis).toMatchObject({
      num_cache_clusters: 1, automatic_failover_enabled: false, preferred_cache_cluster_azs: ["eu-west-1a"],
    });
  });
});
