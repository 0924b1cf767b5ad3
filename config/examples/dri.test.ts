/** What makes the DRI design (shared/seeds 001): a filtered, re-encrypted, owner-handed-over replication into staging. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseConfig } from "..";
import { concrete, parsePolicy, simulate } from "../../test/iam-simulation";
import { resources, synthConfigFile } from "../../test/testing";

const file = "config/examples/dri.yaml";
const stacks = synthConfigFile(file);
const prod = stacks["dri-production"];
const staging = stacks["dri-staging"];
const PROD = "730000000004";
const STAGING = "730000000003";
const ROLE = `arn:aws:iam::${PROD}:role/dri-replicate-fdri-data`;
const DEST = `dri-dri-staging-fdri-data-${STAGING}`;

describe("DRI: subset of production data replicated into staging", () => {
  const rules = resources(prod, "aws_s3_bucket_replication_configuration")["replication_fdri-data"].rule;

  it("replicates only the configured prefix, never delete markers", () => {
    expect(rules.map((r: { filter: object }) => r.filter)).toEqual([{ prefix: "curated/" }]);
    for (const r of rules) expect(r.delete_marker_replication).toEqual({ status: "Disabled" });
  });

  it("re-encrypts with staging's own key and hands ownership to staging, with metrics and time control", () => {
    for (const r of rules) {
      expect(r.destination).toMatchObject({
        bucket: `arn:aws:s3:::${DEST}`,
        account: STAGING,
        access_control_translation: { owner: "Destination" },
        encryption_configuration: { replica_kms_key_id: `arn:aws:kms:eu-west-2:${STAGING}:alias/dri-replica-fdri-data` },
        metrics: { status: "Enabled", event_threshold: { minutes: 15 } },
        replication_time: { status: "Enabled", time: { minutes: 15 } },
      });
      expect(r.source_selection_criteria).toEqual({ sse_kms_encrypted_objects: { status: "Enabled" } });
    }
  });

  it("never shares production's key: staging's replica key and bucket belong to staging", () => {
    const replicaKey = resources(staging, "aws_kms_key")["replica_fdri-data_key"];
    const principals = parsePolicy(replicaKey.policy).Statement.map((s) => s.Principal);
    expect(principals).toEqual([{ AWS: `arn:aws:iam::${STAGING}:root` }, { AWS: `arn:aws:iam::${PROD}:root` }]);
    expect(parsePolicy(replicaKey.policy).Statement[1].Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": ROLE } });
    for (const key of Object.values(resources(prod, "aws_kms_key"))) {
      expect(JSON.stringify(parsePolicy(key.policy))).not.toContain(STAGING);
    }
  });

  it("alarms on failed and late replication for every rule", () => {
    const names = Object.values(resources(prod, "aws_cloudwatch_metric_alarm")).map((a) => a.metric_name).filter((m) => String(m).includes("Replication"));
    expect(names.sort()).toEqual(["OperationsFailedReplication", "ReplicationLatency"]);
  });

  const destinationPolicy = () => concrete(staging, { accountId: STAGING, region: "eu-west-2" })(parsePolicy(resources(staging, "aws_s3_bucket_policy")["replica_fdri-data"].policy));
  const replicate = (principal: string) =>
    simulate({
      principal, action: "s3:ReplicateObject", resource: `arn:aws:s3:::${DEST}/curated/a.parquet`, resourceAccount: STAGING,
      identityPolicies: [{ name: "allow", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ReplicateObject", Resource: "*" }] } }],
      resourcePolicy: destinationPolicy(), context: { "aws:SecureTransport": "true" },
    });

  it("the staging bucket admits the production replication role (positive control) and no other principal of production", async () => {
    expect(await replicate(ROLE)).toBe("Allowed");
    expect(await replicate(`arn:aws:iam::${PROD}:role/dri-admin`)).toBe("ImplicitlyDenied");
  });

  it("the replication role may read the staging bucket's versioning (positive control) but never suspend it", async () => {
    const versioning = (action: string) => simulate({
      principal: ROLE, action, resource: `arn:aws:s3:::${DEST}`, resourceAccount: STAGING,
      identityPolicies: [{ name: "allow", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] } }],
      resourcePolicy: destinationPolicy(), context: { "aws:SecureTransport": "true" },
    });
    expect(await versioning("s3:GetBucketVersioning")).toBe("Allowed");
    expect(await versioning("s3:PutBucketVersioning")).toBe("ImplicitlyDenied");
  });

  it("the loader refuses a tag filter: whoever may tag a production object could copy it into staging", () => {
    const text = readFileSync(file, "utf8").replace("      - prefix: curated/", '      - tag: { key: replicate-to-staging, value: "true" }\n      - prefix: curated/');
    expect(() => parseConfig(text, "d.yaml")).toThrow(/d\.yaml:\d+:\d+: dataReplication\[0\]\.filters\[0\]\.tag: a tag filter lets anyone who may tag an object in dri-production copy it into dri-staging/);
  });

  it("the production replication role can write replicas but not delete anything in staging", () => {
    const policy = parsePolicy(resources(prod, "aws_iam_role_policy")["replication_fdri-data_replication_replicate"].policy);
    const actions = policy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain("s3:ReplicateDelete");
    expect(actions.some((a) => /Delete/.test(String(a)))).toBe(false);
  });
});

describe("DRI pinned addresses of the replication's stateful resources", () => {
  it("are fixed and protected from destroy", () => {
    const pinned: [typeof prod, string, string][] = [
      [prod, "aws_s3_bucket", "replication_fdri-data"],
      [staging, "aws_s3_bucket", "replica_fdri-data"],
      [staging, "aws_kms_key", "replica_fdri-data_key"],
    ];
    for (const [stack, type, name] of pinned) expect(resources(stack, type)[name]?.lifecycle, `${type}.${name}`).toMatchObject({ prevent_destroy: true });
  });
});
