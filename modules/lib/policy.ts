/** Plain IAM policy documents: literal JSON, so scanners and the IAM simulator read exactly what AWS gets. */

export type Principal = "*" | { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[] };

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  NotPrincipal?: Principal;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Minified JSON, as AWS counts characters (SCP size limits count whitespace). */
export function policyJson(statements: PolicyStatement[]): string {
  return JSON.stringify(policyDocument(statements));
}

export const PARTITION = "aws";
export const accountRootArn = (accountId: string) => `arn:${PARTITION}:iam::${accountId}:root`;
export const s3BucketArn = (bucket: string) => `arn:${PARTITION}:s3:::${bucket}`;

/**
 * An IAM policy variable such as `${aws:username}`, escaped for Terraform (`$${…}`), which would otherwise read
 * it as an interpolation. Terraform hands AWS the unescaped `${aws:username}`.
 */
export const iamPolicyVariable = (key: string) => `$\${${key}}`;

/** Undo Terraform's `$${` escape, as Terraform does before calling AWS (for tests reading synthesized JSON). */
export const terraformUnescape = (text: string) => text.replace(/\$\$\{/g, "${");

/** One principal or resource ARN, or a list when there are several (single-account policies stay a plain string). */
export const oneOrMany = (arns: string[]): string | string[] => (arns.length === 1 ? arns[0] : arns);
