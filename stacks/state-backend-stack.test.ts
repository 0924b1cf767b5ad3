import { describe, expect, it } from "vitest";
import { parsePolicy, referenceValues, roleInlinePolicies, simulate, withReferences } from "../test/iam-simulation";
import { synthConfigFile } from "../test/testing";

const stack = synthConfigFile("config/set.yaml")["state-backend"];
const r = stack.resource;

describe("state-backend stack", () => {
  it("creates the state KMS key with rotation, protected", () => {
    expect(r.aws_kms_key.state_key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(r.aws_kms_alias.state_key.name).toBe("alias/set-tfstate");
  });

  it("creates the state bucket: versioned, SSE-KMS with the state key, all public access blocked, owner-enforced", () => {
    expect(r.aws_s3_bucket.state_bucket).toMatchObject({ bucket: "set-tfstate-222222222222", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(r.aws_s3_bucket_versioning.state_bucket.versioning_configuration.status).toBe("Enabled");
    expect(r.aws_s3_bucket_server_side_encryption_configuration.state_bucket.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.state_key.arn}" }, bucket_key_enabled: true },
    ]);
    expect(r.aws_s3_bucket_public_access_block.state_bucket).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(r.aws_s3_bucket_ownership_controls.state_bucket.rule.object_ownership).toBe("BucketOwnerEnforced");
  });

  it("denies non-TLS access, old TLS and uploads not encrypted with the state key", () => {
    const statements = JSON.parse(r.aws_s3_bucket_policy.state_bucket.policy).Statement;
    const bucket = "arn:aws:s3:::set-tfstate-222222222222";
    expect(statements).toContainEqual({
      Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket, `${bucket}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(statements).toContainEqual(expect.objectContaining({ Sid: "DenyNonKmsEncryption", Effect: "Deny", Action: "s3:PutObject",
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Sid: "DenyOtherKmsKeys",
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": ["${aws_kms_key.state_key.arn}", "arn:aws:kms:eu-west-1:222222222222:alias/set-tfstate"] } } }));
    expect(statements.every((s: { Effect: string }) => s.Effect === "Deny")).toBe(true);
  });

  it("expires noncurrent state versions after a year and aborts incomplete uploads", () => {
    expect(r.aws_s3_bucket_lifecycle_configuration.state_bucket.rule[0]).toMatchObject({
      status: "Enabled",
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      noncurrent_version_expiration: [{ noncurrent_days: 365 }],
    });
  });

  it("creates the lock table: LockID hash key, PITR, CMK, deletion protection, protected", () => {
    expect(r.aws_dynamodb_table.lock_table).toMatchObject({
      name: "set-tflock",
      hash_key: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.state_key.arn}" },
      deletion_protection_enabled: true,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("scopes each tier's state role to that tier's state keys and lock items", () => {
    const policy = (tier: string) => JSON.parse(r.aws_iam_role_policy[`state_access_${tier}_terraform-state`].policy).Statement as { Sid: string; Resource: string | string[]; Condition?: object }[];
    const keys = (tier: string) => policy(tier).find((s) => s.Sid === "ReadWriteTierState")!.Resource;
    const bucket = "arn:aws:s3:::set-tfstate-222222222222";
    expect(keys("nonprod")).toEqual([`${bucket}/stacks/set-nonprod/terraform.tfstate`]);
    expect(keys("prod")).toEqual(["state-backend", "management", "shared-services", "set-prod-eu"].map((s) => `${bucket}/stacks/${s}/terraform.tfstate`));
    expect(policy("nonprod").find((s) => s.Sid === "LockTierState")!.Condition).toEqual({
      "ForAllValues:StringEquals": {
        "dynamodb:LeadingKeys": ["set-tfstate-222222222222/stacks/set-nonprod/terraform.tfstate", "set-tfstate-222222222222/stacks/set-nonprod/terraform.tfstate-md5"],
      },
    });
  });

  it("lets only the tier's CI roles and the state account's admins assume a state role", () => {
    const trust = (tier: string) => JSON.parse(r.aws_iam_role[`state_access_${tier}`].assume_role_policy).Statement;
    expect(trust("prod")).toEqual([
      {
        Sid: "TierDeployersOnly", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::222222222222:role/set-ci-prod", "arn:aws:iam::222222222222:role/set-admin"] } },
      },
    ]);
    expect(trust("nonprod")[0].Condition.ArnEquals["aws:PrincipalArn"]).not.toContain("arn:aws:iam::222222222222:role/set-ci-plan");
  });
});

describe("state writes as the S3 backend sends them (IAM simulation of the bucket policy)", () => {
  const apps = synthConfigFile("config/set.yaml");
  const backend = apps["set-nonprod"].terraform.backend.s3 as { bucket: string; key: string; kms_key_id: string };
  const synthesized = parsePolicy(r.aws_s3_bucket_policy.state_bucket.policy);
  const keyArn = "arn:aws:kms:eu-west-1:222222222222:key/0b5e6f4e-1111-4222-8333-944445555666";
  const values = { ...referenceValues(stack, { accountId: "222222222222", region: "eu-west-1" }), "aws_kms_key.state_key.arn": keyArn };
  const policy = withReferences(synthesized, values);
  const roleArn = "arn:aws:iam::222222222222:role/set-tfstate-nonprod";
  const identityPolicies = roleInlinePolicies(stack, "state_access_nonprod").map((p) => ({ ...p, policy: withReferences(p.policy, values) }));
  const put = (keyId: string, resourcePolicy = policy, demonstrate = false) =>
    simulate({
      ...(demonstrate ? { demonstrateUnresolvedReferences: true as const } : {}),
      principal: roleArn,
      action: "s3:PutObject",
      resource: `arn:aws:s3:::${backend.bucket}/${backend.key}`,
      resourceAccount: "222222222222",
      identityPolicies,
      resourcePolicy,
      context: {
        "aws:SecureTransport": "true",
        "s3:TlsVersion": "1.3",
        "s3:x-amz-server-side-encryption": "aws:kms",
        "s3:x-amz-server-side-encryption-aws-kms-key-id": keyId,
      },
    });

  it("the tier's state role may write its state with the key id every backend sends (the alias ARN)", async () => {
    expect(backend.kms_key_id).toBe("arn:aws:kms:eu-west-1:222222222222:alias/set-tfstate");
    expect(await put(backend.kms_key_id)).toBe("Allowed");
  });

  it("a write naming another key is denied by the bucket policy; the key's own ARN is admitted too", async () => {
    expect(await put("arn:aws:kms:eu-west-1:222222222222:alias/someone-elses-key")).toBe("ExplicitlyDenied");
    expect(await put(keyArn)).toBe("Allowed");
  });

  it("the simulation means it only with Terraform's references replaced: left in, the Deny silently never fires", async () => {
    expect(await put("arn:aws:kms:eu-west-1:222222222222:alias/someone-elses-key", synthesized, true)).toBe("Allowed");
    await expect(put("arn:aws:kms:eu-west-1:222222222222:alias/someone-elses-key", synthesized)).rejects.toThrow(
      "policy resource policy still holds the Terraform reference ${aws_kms_key.state_key.arn}",
    );
    expect(() => withReferences(synthesized, {})).toThrow("no concrete value for the Terraform reference ${aws_kms_key.state_key.arn}");
  });
});
