/** The audit archive lives in an enabled, prod-tier shared-services or identity account. */
import type { Rule } from "./context";

export const auditRules: Rule = ({ raw, accounts }, add) => {
  if (raw.audit.account === undefined) return;
  const target = raw.accounts.find((a) => a.name === raw.audit.account);
  if (!target || !["shared-services", "identity"].includes(target.role) || !target.enabled) {
    add(["audit", "account"], `"${raw.audit.account}" must name an enabled shared-services or identity account`);
  } else if (accounts.find((a) => a.name === target.name)?.tier === "nonprod") {
    add(["audit", "account"], `"${raw.audit.account}" is tier nonprod; the organization's audit logs belong in a prod-tier account`);
  }
};
