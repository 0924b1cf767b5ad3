/**
 * Cross-field rules the schema alone cannot express, one file per concern. Each reports problems with the config
 * path they concern; the loader turns paths into file:line:col. All rules run; all problems are reported together.
 */
import type { RawOrgConfig } from "../model";
import { accountRules, adoptionRules, identityAccountRules } from "./accounts";
import { appRules, tenantRules } from "./app";
import { auditRules, securityAdministratorRules } from "./audit";
import { budgetRules } from "./budgets";
import { ruleContext, type Rule, type RuleOptions, type RuleProblem } from "./context";
import { guardrailRules } from "./guardrails";
import { identityCenterRules, identityRules } from "./identity";
import { derivedNameRules } from "./names";
import { networkRules } from "./network";
import { platformRules, regionRules } from "./regions";
import { replicationRules } from "./replication";
import { tierRules } from "./tiers";

export type { RuleOptions, RuleProblem };
export { fargateMemoryAllowed, FARGATE_MEMORY } from "./tiers";

/** In report order (problems at the same position keep it). */
const RULES: Rule[] = [
  accountRules,
  adoptionRules,
  regionRules,
  networkRules,
  tierRules,
  platformRules,
  identityRules,
  identityCenterRules,
  guardrailRules,
  auditRules,
  securityAdministratorRules,
  appRules,
  tenantRules,
  replicationRules,
  budgetRules,
  identityAccountRules,
  derivedNameRules,
];

export function checkRules(raw: RawOrgConfig, options: RuleOptions = {}): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const ctx = ruleContext(raw, options);
  for (const rule of RULES) rule(ctx, (path, message) => problems.push({ path, message }));
  return problems;
}
