/** Budgets alert somebody. */
import type { Rule } from "./context";

export const budgetRules: Rule = ({ raw }, add) => {
  if (raw.accounts.some((a) => a.budget) && raw.organization.budgetAlertEmails.length === 0) {
    add(["organization"], "accounts have budgets but organization.budgetAlertEmails is empty: nobody would be alerted");
  }
};
