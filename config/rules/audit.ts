/** The audit archive lives in an enabled, prod-tier log-archive, shared-services or identity account. */
import { managementHoldsSharedServices } from "../resolve";
import type { Rule } from "./context";

export const auditRules: Rule = ({ raw, accounts }, add) => {
  if (raw.audit.account === undefined) return;
  const target = raw.accounts.find((a) => a.name === raw.audit.account);
  if (!target || !["shared-services", "identity", "log-archive"].includes(target.role) || !target.enabled) {
    add(["audit", "account"], `"${raw.audit.account}" must name an enabled log-archive, shared-services or identity account`);
  } else if (accounts.find((a) => a.name === target.name)?.tier === "nonprod") {
    add(["audit", "account"], `"${raw.audit.account}" is tier nonprod; the organization's audit logs belong in a prod-tier account`);
  }
};

/** The security services' delegated administrator is an enabled, prod-tier member account (never the management account). */
export const securityAdministratorRules: Rule = ({ raw, accounts }, add) => {
  const name = raw.security.administrator;
  if (name === undefined) {
    const hasSecurityAccount = raw.accounts.some((a) => a.role === "security" && a.enabled);
    if (managementHoldsSharedServices(raw) && !hasSecurityAccount) {
      const allowed = accounts.filter((a) => a.enabled && a.role !== "management" && a.tier === "prod").map((a) => a.name);
      add(["security"], `the management account holds the shared services, and it cannot be a delegated administrator: set security.administrator to a prod member account (${allowed.join(", ") || "none"}) or add a role: security account`);
    }
    return;
  }
  const target = raw.accounts.find((a) => a.name === name);
  if (!target || !target.enabled || target.role === "management") {
    const allowed = raw.accounts.filter((a) => a.enabled && a.role !== "management").map((a) => a.name);
    add(["security", "administrator"], `"${name}" must name an enabled member account (AWS advises against the management account): one of ${allowed.join(", ")}`);
  } else if (accounts.find((a) => a.name === target.name)?.tier === "nonprod") {
    add(["security", "administrator"], `"${name}" is tier nonprod; the organization's security findings belong in a prod-tier account`);
  }
};
