/** Humans through IAM Identity Center: the permission sets that mirror the role set, and who gets which where. */
import { enabledAccounts, groupRolesIn, permissionSetName, type OrgConfig } from "../../config";
import type { PermissionSetDefinition } from "../../modules/identity-center";
import { MANAGED_POLICY, noBreakGlassStatement, PLAN_DENIED_DATA_READS } from "./roles";

/** The roles humans get as permission sets: the baseline's human roles and the config's extra roles. */
export const HUMAN_BASELINE_ROLES = ["admin", "developer", "readonly"] as const;

/**
 * What readonly never does, whatever its managed policy grants: the writes and deletes of the services the landing
 * zone runs on. A guard beside AWS's ViewOnlyAccess, so "readonly cannot write" holds by a policy written here.
 */
export const READ_ONLY_DENIED_WRITES = [
  "s3:Put*", "s3:Delete*", "s3:Replicate*", "s3:Restore*", "ec2:Run*", "ec2:Terminate*", "ec2:Stop*", "ec2:Create*", "ec2:Delete*",
  "ec2:Modify*", "ec2:Authorize*", "ec2:Revoke*", "ec2:Attach*", "ec2:Detach*", "rds:Create*", "rds:Delete*", "rds:Modify*", "rds:Reboot*",
  "rds:Restore*", "rds:Stop*", "elasticache:Create*", "elasticache:Delete*", "elasticache:Modify*", "ecs:Create*", "ecs:Delete*",
  "ecs:Update*", "ecs:Run*", "ecs:Start*", "ecs:Stop*", "ecs:ExecuteCommand", "eks:Create*", "eks:Delete*", "eks:Update*",
  "iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*", "iam:Detach*", "iam:Update*", "iam:Add*", "iam:Remove*", "iam:PassRole",
  "kms:Create*", "kms:Delete*", "kms:Disable*", "kms:ScheduleKeyDeletion", "kms:Put*", "kms:Encrypt", "kms:ReEncrypt*",
  "secretsmanager:Create*", "secretsmanager:Delete*", "secretsmanager:Put*", "secretsmanager:Update*", "secretsmanager:Restore*",
  "lambda:Create*", "lambda:Delete*", "lambda:Update*", "lambda:Invoke*", "dynamodb:Put*", "dynamodb:Delete*", "dynamodb:Update*",
  "dynamodb:BatchWrite*", "sqs:Send*", "sqs:Delete*", "sqs:Purge*", "sns:Publish", "sns:Delete*", "route53:Change*", "route53:Delete*",
  "ecr:Put*", "ecr:Delete*", "ecr:BatchDelete*", "ecr:Upload*", "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload",
  "cloudformation:Create*", "cloudformation:Delete*", "cloudformation:Update*", "backup:Delete*", "backup:Start*", "ssm:Send*",
  "ssm:Start*", "ssm:Put*", "ssm:Delete*", "logs:Delete*", "logs:Put*", "elasticloadbalancing:Create*", "elasticloadbalancing:Delete*",
  "elasticloadbalancing:Modify*", "wafv2:Create*", "wafv2:Delete*", "wafv2:Update*", "cloudfront:Create*", "cloudfront:Delete*", "cloudfront:Update*",
];

/** The permission sets: admin, developer, readonly and every extra role, with the role set's managed policies. */
export function permissionSetSpecs(config: OrgConfig): PermissionSetDefinition[] {
  const extra = config.identity.extraRoles.map((r) => ({ role: r.name, managed: r.managedPolicyArns }));
  const baseline = HUMAN_BASELINE_ROLES.map((role) => ({ role, managed: [MANAGED_POLICY[role]] }));
  return [...baseline, ...extra].map(({ role, managed }) => ({
    key: role,
    name: permissionSetName(config, role),
    description: `${role}, as the ${role} role of every account (landing-zone)`,
    managedPolicyArns: managed,
    inlineStatements: [
      ...(role === "readonly"
        ? [
            { Sid: "ConfigurationNotData", Effect: "Deny" as const, Action: PLAN_DENIED_DATA_READS, Resource: "*" },
            { Sid: "ReadOnlyNeverWrites", Effect: "Deny" as const, Action: READ_ONLY_DENIED_WRITES, Resource: "*" },
          ]
        : []),
      // Every OrganizationAccountAccessRole trusts the management account: only admin there is the break-glass path.
      ...(role === "admin" ? [] : [noBreakGlassStatement()]),
    ],
  }));
}

/** Every group × account × permission set: exactly the human groups' roles per tier (management: its own grants). */
export function identityCenterAssignments(config: OrgConfig): { group: string; accountName: string; accountId: string; permissionSet: string }[] {
  const sets = new Set(permissionSetSpecs(config).map((p) => p.key));
  return config.identity.groups
    .filter((g) => g.kind === "human")
    .flatMap((group) =>
      enabledAccounts(config)
        .filter((a) => a.id)
        .flatMap((a) => groupRolesIn(group, a).filter((role) => sets.has(role)).map((role) => ({ group: group.name, accountName: a.name, accountId: a.id!, permissionSet: role }))),
    );
}
