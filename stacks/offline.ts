/**
 * Stacks never read each other's state or call AWS at plan time: the only data sources they may hold are evaluated
 * locally by Terraform.
 */
export const OFFLINE_DATA_SOURCES = new Set(["aws_iam_policy_document"]);

/** Data sources of a synthesized stack that would call AWS (or another stack's state) at plan time. */
export function onlineDependencies(stack: { data?: Record<string, unknown> }): string[] {
  return Object.keys(stack.data ?? {}).filter((type) => !OFFLINE_DATA_SOURCES.has(type));
}
