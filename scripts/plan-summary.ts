/**
 * npm run plan:summary -- <stack> <plan.json>   (terraform show -json of a saved plan)
 * Prints a Markdown summary for the GitHub job summary: adds / changes / destroys / replacements, with every
 * destroy or replacement of a protected (stateful) resource type called out (exit 3 when there is one), every rename,
 * re-mail or move of an account or OU flagged (adopting an organization whose names differ from the config), and every
 * import listed.
 */
import { readFileSync } from "node:fs";
import { GUARDED_TYPES } from "../stacks/stateful";
import { isEntryPoint, UsageError } from "../cli";

interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; importing?: { id?: string } };
}

/** Attributes of an account or OU whose change renames it, re-mails it or moves it in the organization. */
const ORGANIZATION_IDENTITY = { aws_organizations_account: ["name", "email", "parent_id"], aws_organizations_organizational_unit: ["name", "parent_id"] } as Record<string, string[]>;

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  readonly protectedDestroys: string[];
  /** Resources adopted from AWS by an import block (adopting an existing organization). */
  readonly imports: string[];
  /** Accounts and OUs the plan would rename, re-mail or move: on adoption the config and AWS disagree. */
  readonly organizationChanges: string[];
}

/** What the summary reads of `terraform show -json plan.bin`. */
export interface PlanJson {
  readonly resource_changes?: ResourceChange[];
}

export function summarizePlan(plan: PlanJson): PlanSummary {
  let add = 0, change = 0, destroy = 0, replace = 0;
  const protectedDestroys: string[] = [];
  const imports: string[] = [];
  const organizationChanges: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions;
    if (rc.change.importing) imports.push(`${rc.address} (${rc.change.importing.id ?? "?"})`);
    const identity = ORGANIZATION_IDENTITY[rc.type];
    if (identity && rc.change.before && rc.change.after && (a.includes("update") || a.includes("delete"))) {
      for (const key of identity) {
        const [before, after] = [rc.change.before[key], rc.change.after[key]];
        if (before !== after) organizationChanges.push(`${rc.address}: ${key} ${JSON.stringify(before)} → ${after === undefined ? "(known after apply)" : JSON.stringify(after)}`);
      }
    }
    const replaced = a.includes("delete") && a.includes("create");
    if (replaced) replace++;
    else if (a.includes("create")) add++;
    else if (a.includes("update")) change++;
    else if (a.includes("delete")) destroy++;
    if (a.includes("delete") && GUARDED_TYPES.includes(rc.type)) protectedDestroys.push(`${rc.address} (${replaced ? "replace" : "destroy"})`);
  }
  return { add, change, destroy, replace, protectedDestroys, imports, organizationChanges };
}

/**
 * A plan file as `terraform show -json plan.bin` writes it. A missing file, or one that is not such a plan (the binary
 * plan itself, another JSON), is a usage error naming it: the destroy guard fails closed, with a reason.
 */
export function readPlanFile(file: string): PlanJson {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the plan ${file}: ${(error as Error).message}`);
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON: pass the output of terraform show -json plan.bin, not the binary plan`);
  }
  const p = plan as { format_version?: unknown; resource_changes?: unknown } | null;
  if (!p || typeof p !== "object" || Array.isArray(p) || (typeof p.format_version !== "string" && !Array.isArray(p.resource_changes))) {
    throw new UsageError(`${file} is not a Terraform plan in JSON (no format_version or resource_changes): pass the output of terraform show -json plan.bin`);
  }
  return plan as PlanJson;
}

export function summaryMarkdown(stack: string, s: PlanSummary): string {
  const lines = [`### ${stack}: ${s.imports.length ? `${s.imports.length} to import, ` : ""}${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.replace} to replace`];
  if (s.organizationChanges.length) {
    lines.push("", "**:warning: renames, re-mails or moves accounts or OUs (the config and the organization disagree):**", ...s.organizationChanges.map((c) => `- \`${c}\``));
  }
  if (s.imports.length) lines.push("", "<details><summary>adopted by import</summary>", "", ...s.imports.map((i) => `- \`${i}\``), "", "</details>");
  if (s.protectedDestroys.length) {
    lines.push("", `**:warning: destroys or replaces protected resources:**`, ...s.protectedDestroys.map((d) => `- \`${d}\``));
  }
  return lines.join("\n");
}

if (isEntryPoint("scripts/plan-summary.ts", module)) {
  const usage = "usage: npm run plan:summary -- <stack> <plan.json>";
  const args = process.argv.slice(2);
  const option = args.find((a) => a.startsWith("-"));
  if (option) {
    console.error(`error: unknown option "${option}"; ${usage} (it reads the plan, not a config)`);
    process.exit(2);
  }
  const [stack, file] = args;
  if (!stack || !file || args.length > 2) {
    console.error(usage);
    process.exit(2);
  }
  let summary: PlanSummary;
  try {
    summary = summarizePlan(readPlanFile(file));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}`);
    process.exit(2);
  }
  console.log(summaryMarkdown(stack, summary));
  process.exit(summary.protectedDestroys.length ? 3 : 0);
}
