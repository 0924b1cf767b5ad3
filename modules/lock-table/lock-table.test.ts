import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { LockTable } from ".";

describe("LockTable", () => {
  it("is on-demand with PITR (CKV_AWS_28), a CMK (CKV_AWS_119), deletion protection and prevent_destroy", () => {
    const r = JSON.parse(Testing.synthScope((s) => void new LockTable(s, "lock_table", { tableName: "acme-tflock", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" }))).resource;
    expect(r.aws_dynamodb_table.lock_table).toEqual({
      name: "acme-tflock", billing_mode: "PAY_PER_REQUEST", hash_key: "LockID", attribute: [{ name: "LockID", type: "S" }],
      point_in_time_recovery: { enabled: true }, server_side_encryption: { enabled: true, kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/k" },
      deletion_protection_enabled: true, lifecycle: { prevent_destroy: true },
    });
  });
});
