import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { cloudWatchLogsKeyStatement, KmsKey } from ".";

describe("KmsKey", () => {
  it("rotates, keeps the 30-day window, lets the owning account administer it through IAM, and is protected", () => {
    const r = JSON.parse(
      Testing.synthScope((scope) => {
        new KmsKey(scope, "data_key", { accountId: "123456789012", alias: "alias/acme-data", description: "d", statements: [cloudWatchLogsKeyStatement("eu-west-1", "123456789012")] });
      }),
    ).resource;
    expect(r.aws_kms_key.data_key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    const statements = JSON.parse(r.aws_kms_key.data_key.policy).Statement;
    expect(statements[0]).toEqual({
      Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*",
    });
    expect(statements[1].Principal).toEqual({ Service: "logs.eu-west-1.amazonaws.com" });
    expect(statements[1].Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:*" } });
    expect(r.aws_kms_alias.data_key).toMatchObject({ name: "alias/acme-data", target_key_id: "${aws_kms_key.data_key.key_id}" });
  });

  it("rejects a deletion window outside 7–30 days and an alias without alias/", () => {
    expect(() => Testing.synthScope((s) => void new KmsKey(s, "k", { accountId: "1", alias: "alias/x", description: "", deletionWindowInDays: 3 }))).toThrow(
      "KmsKey k: deletionWindowInDays must be 7–30 (got 3)",
    );
    expect(() => Testing.synthScope((s) => void new KmsKey(s, "k", { accountId: "1", alias: "x", description: "" }))).toThrow('KmsKey k: alias must start with "alias/" (got x)');
  });
});
