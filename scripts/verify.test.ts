import { describe, expect, it } from "vitest";
import { offlineOverride } from "./lib/terraform";
import { onlineDependencies } from "./verify";

describe("offline plan override", () => {
  it("swaps the backend for a local one and neutralises credentials and assume_role in every provider block", () => {
    const override = offlineOverride({
      provider: { aws: [{ region: "eu-west-1", assume_role: [{ role_arn: "arn:aws:iam::1:role/x" }] }, { alias: "dns", region: "eu-west-1", assume_role: [{}] }, { alias: "plain" }] },
    }) as { terraform: object; provider: { aws: Record<string, unknown>[] } };
    expect(override.terraform).toEqual({ backend: { local: { path: "offline.tfstate" } } });
    expect(override.provider.aws.map((p) => p.alias)).toEqual([undefined, "dns", "plain"]);
    for (const p of override.provider.aws) {
      expect(p).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true, allowed_account_ids: null });
    }
    expect(override.provider.aws[0].assume_role).toEqual([{ role_arn: "" }]);
    expect(override.provider.aws[2].assume_role).toBeUndefined();
  });
});

describe("offline-only stacks", () => {
  it("allows local policy documents and flags data sources that call AWS or read other state", () => {
    expect(onlineDependencies({ data: { aws_iam_policy_document: {} } })).toEqual([]);
    expect(onlineDependencies({ data: { aws_caller_identity: {}, terraform_remote_state: {} } })).toEqual(["aws_caller_identity", "terraform_remote_state"]);
  });
});
