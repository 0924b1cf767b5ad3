import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { FULL_AWS_ACCESS, simulate } from "../../test/iam-simulation";
import { SecureBucket } from ".";

function synth(props: Partial<ConstructorParameters<typeof SecureBucket>[2]> = {}) {
  const json = Testing.synthScope((scope) => {
    new SecureBucket(scope, "archive", { bucketName: "acme-archive-123456789012", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k", ...props });
  });
  return JSON.parse(json).resource;
}

describe("SecureBucket", () => {
  it("addresses every resource by the module id", () => {
    const r = synth();
    for (const type of ["aws_s3_bucket", "aws_s3_bucket_versioning", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls"]) {
      expect(Object.keys(r[type]), type).toEqual(["archive"]);
    }
  });

  it("puts the bucket policy after the public-access block", () => {
    expect(synth().aws_s3_bucket_policy.archive.depends_on).toEqual(["aws_s3_bucket_public_access_block.archive"]);
  });

  it("adds Object Lock, cold-storage transitions and access logging when asked", () => {
    const r = synth({
      objectLock: { mode: "COMPLIANCE", days: 365 },
      transitions: [{ days: 90, storageClass: "GLACIER" }],
      accessLogs: { bucketName: "acme-logs", prefix: "archive/" },
    });
    expect(r.aws_s3_bucket.archive.object_lock_enabled).toBe(true);
    expect(r.aws_s3_bucket_object_lock_configuration.archive.rule.default_retention).toEqual({ mode: "COMPLIANCE", days: 365 });
    expect(r.aws_s3_bucket_lifecycle_configuration.archive.rule[1].transition).toEqual([{ days: 90, storage_class: "GLACIER" }]);
    expect(r.aws_s3_bucket_logging.archive).toMatchObject({ target_bucket: "acme-logs", target_prefix: "archive/" });
  });

  it("has no Object Lock, transitions or logging unless asked", () => {
    const r = synth();
    expect(r.aws_s3_bucket.archive.object_lock_enabled).toBeUndefined();
    expect(r.aws_s3_bucket_object_lock_configuration).toBeUndefined();
    expect(r.aws_s3_bucket_logging).toBeUndefined();
    expect(r.aws_s3_bucket_lifecycle_configuration.archive.rule).toHaveLength(1);
  });

  it("never allows anything through the policy: extra statements are appended after the denies", () => {
    const r = synth({ policyStatements: [{ Sid: "Extra", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "x" }] });
    const sids = JSON.parse(r.aws_s3_bucket_policy.archive.policy).Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "DenyNonKmsEncryption", "DenyOtherKmsKeys", "Extra"]);
  });

  it("admits other keys only under a prefix that asks for them, and only those keys there", async () => {
    const policy = JSON.parse(synth({ prefixKeys: [{ prefix: "guardduty/", kmsKeyArnPatterns: ["arn:aws:kms:eu-west-1:222222222222:key/*"] }] }).aws_s3_bucket_policy.archive.policy);
    const put = (object: string, keyId: string) =>
      simulate({
        principal: "arn:aws:iam::123456789012:role/writer", action: "s3:PutObject", resource: `arn:aws:s3:::acme-archive-123456789012/${object}`, resourceAccount: "123456789012",
        identityPolicies: [{ name: "all", policy: FULL_AWS_ACCESS }], resourcePolicy: policy,
        context: { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3", "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": keyId },
      });
    const own = "arn:aws:kms:eu-west-1:123456789012:key/k";
    const security = "arn:aws:kms:eu-west-1:222222222222:key/g";
    expect(await put("guardduty/AWSLogs/x.jsonl.gz", security)).toBe("Allowed");
    expect(await put("guardduty/AWSLogs/x.jsonl.gz", "arn:aws:kms:eu-west-1:999999999999:key/evil")).toBe("ExplicitlyDenied");
    expect(await put("AWSLogs/x.json.gz", security)).toBe("ExplicitlyDenied"); // outside the prefix only the bucket's key
    expect(await put("AWSLogs/x.json.gz", own)).toBe("Allowed");
  });
});
