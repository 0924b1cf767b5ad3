/**
 * npm run plan:summary -- <stack> <plan.json>   (terraform show -json of a saved plan)
 * Prints a Markdown summary for the GitHub job summary: adds / changes / destroys / replacements, with every
 * destroy or replacement of a protected (stateful) resource type called out. Exits 3 when there is one.
 */
import { readFileSync } from "node:fs";
import { GUARDED_TYPES } from "../stacks/stateful";
import { isEntryPoint } from "../cli";

interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[] };
}

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  readonly protectedDestroys: string[];
}

export function summarizePlan(plan: { resource_changes?: ResourceChange[] }): PlanSummary {
  let add = 0, change = 0, destroy = 0, replace = 0;
  const protectedDestroys: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions;
    const replaced = a.includes("delete") && a.includes("create");
    if (replaced) replace++;
    else if (a.includes("create")) add++;
    else if (a.includes("update")) change++;
    else if (a.includes("delete")) destroy++;
    if (a.includes("delete") && GUARDED_TYPES.includes(rc.type)) protectedDestroys.push(`${rc.address} (${replaced ? "replace" : "destroy"})`);
  }
  return { add, change, destroy, replace, protectedDestroys };
}

export function summaryMarkdown(stack: string, s: PlanSummary): string {
  const lines = [`### ${stack}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.replace} to replace`];
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
  const summary = summarizePlan(JSON.parse(readFileSync(file, "utf8")));
  console.log(summaryMarkdown(stack, summary));
  process.exit(summary.protectedDestroys.length ? 3 : 0);
}
