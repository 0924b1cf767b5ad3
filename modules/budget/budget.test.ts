import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { AccountBudget } from ".";

describe("AccountBudget", () => {
  it("watches one linked account monthly and alerts at 80 % actual and 100 % forecast", () => {
    const r = JSON.parse(Testing.synthScope((s) => void new AccountBudget(s, "budget_prod", { budgetName: "prod-monthly", accountId: "123456789012", monthlyUsd: 1300, alertEmails: ["finance@example.com"] }))).resource;
    const b = r.aws_budgets_budget.budget_prod;
    expect(b).toMatchObject({ budget_type: "COST", limit_amount: "1300.00", limit_unit: "USD", time_unit: "MONTHLY", cost_filter: [{ name: "LinkedAccount", values: ["123456789012"] }] });
    expect(b.notification.map((n: { threshold: number; notification_type: string }) => [n.threshold, n.notification_type])).toEqual([[80, "ACTUAL"], [100, "FORECASTED"]]);
    expect(b.notification[0].subscriber_email_addresses).toEqual(["finance@example.com"]);
  });
});
