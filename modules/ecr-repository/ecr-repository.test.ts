import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { EcrRepository } from ".";

const synth = (policy?: boolean) =>
  JSON.parse(
    Testing.synthScope((s) => void new EcrRepository(s, "ecr_app", {
      repositoryName: "app", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
      policyStatements: policy ? [{ Sid: "Pull", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "ecr:BatchGetImage" }] : undefined,
    })),
  ).resource;

describe("EcrRepository", () => {
  it("is immutable (CKV_AWS_51), scans on push (CKV_AWS_163), uses KMS (CKV_AWS_136), never force-deletes, and is protected", () => {
    expect(synth().aws_ecr_repository.ecr_app).toEqual({
      name: "app", image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: "arn:aws:kms:eu-west-1:123456789012:key/k" }], force_delete: false, lifecycle: { prevent_destroy: true },
    });
  });

  it("expires untagged images after 7 days and keeps the last 30 tagged ones by default", () => {
    const rules = JSON.parse(synth().aws_ecr_lifecycle_policy.ecr_app.policy).rules;
    expect(rules.map((r: { selection: { countNumber: number } }) => r.selection.countNumber)).toEqual([7, 30]);
  });

  it("has no repository policy unless given one, and never a public one (CKV_AWS_32)", () => {
    expect(synth().aws_ecr_repository_policy).toBeUndefined();
    const statements = JSON.parse(synth(true).aws_ecr_repository_policy.ecr_app.policy).Statement;
    expect(statements.every((st: { Principal: unknown }) => st.Principal !== "*")).toBe(true);
  });
});
