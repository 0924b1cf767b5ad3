/**
 * Stacks never read each other's state or call AWS at plan time: the only data sources they may hold are evaluated
 * locally by Terraform.
 */
export const OFFLINE_DATA_SOURCES = new Set(["aws_iam_policy_document"]);

/** Data sources of a synthesized stack that would call AWS (or another stack's state) at plan time. */
export function onlineDependencies(stack: { data?: Record<string, unknown> }): string[] {
  return Object.keys(stack.data ?? {}).filter((type) => !OFFLINE_DATA_SOURCES.has(type));
}

/** The id each importable resource type takes, by shape (the rest: any non-empty id). */
export const IMPORT_ID_SHAPES: Record<string, RegExp> = {
  aws_organizations_organization: /^o-[a-z0-9]{10,32}$/,
  aws_organizations_organizational_unit: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  aws_organizations_account: /^\d{12}$/,
  aws_organizations_policy: /^p-[0-9a-z]{8,128}$/,
};

export interface ImportBlock {
  readonly to: string;
  readonly id: string;
}

/**
 * Import blocks cannot be planned without AWS (Terraform reads the object), and only a root module may hold them: the
 * offline plan runs without them, and this checks them instead — each is an object with `to` and `id`, `to` names a
 * resource the stack declares, once, and the id has the shape its type takes.
 */
export function importProblems(stack: { import?: unknown; resource?: Record<string, Record<string, unknown>> }): string[] {
  if (stack.import === undefined) return [];
  if (!Array.isArray(stack.import)) return ["import must be a list of { to, id }"];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const block of stack.import as Partial<ImportBlock>[]) {
    if (typeof block?.to !== "string" || typeof block?.id !== "string" || !block.id) {
      problems.push(`import ${JSON.stringify(block)}: needs a "to" address and a non-empty "id"`);
      continue;
    }
    const [type, name, ...rest] = block.to.split(".");
    if (!name || rest.length || !stack.resource?.[type]?.[name]) {
      problems.push(`import to ${block.to}: the stack declares no such resource`);
      continue;
    }
    if (seen.has(block.to)) problems.push(`import to ${block.to}: imported twice`);
    seen.add(block.to);
    const shape = IMPORT_ID_SHAPES[type];
    if (shape && !shape.test(block.id)) problems.push(`import to ${block.to}: id "${block.id}" is not a ${type} id (${shape.source})`);
  }
  return problems;
}
