/** Every derived AWS name (config/names.ts) fits AWS's limits. */
import { checkDerivedName, derivedNames } from "../names";
import { resolveAuditAccountName, resolveIdentityAccountName, resolveSecurityAccountName, resolveStateAccountName } from "../resolve";
import type { OrgConfig } from "../types";
import type { Rule } from "./context";

export const derivedNameRules: Rule = ({ raw, accounts }, add) => {
  const stateAccountName = resolveStateAccountName(raw);
  const identityAccountName = resolveIdentityAccountName(raw);
  if (!stateAccountName || !identityAccountName) return;
  const auditAccountName = resolveAuditAccountName(raw, stateAccountName);
  const securityAccountName = resolveSecurityAccountName(raw, stateAccountName);
  const resolved: Omit<OrgConfig, "sourceFile"> = { ...raw, accounts, stateAccountName, auditAccountName, identityAccountName, securityAccountName };
  for (const name of derivedNames(resolved)) {
    const problem = checkDerivedName(name);
    if (problem) add(name.path, problem);
  }
};
