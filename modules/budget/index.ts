import { Construct } from "constructs";
import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { pinAddress } from "../lib/address";

export interface AccountBudgetProps {
  readonly budgetName: string;
  /** Linked account the budget watches (consolidated billing in the management account). */
  readonly accountId: string;
  readonly monthlyUsd: number;
  readonly alertEmails: string[];
}

/** Monthly cost budget for one member account: alerts at 80 % actual and 100 % forecast spend. */
export class AccountBudget extends Construct {
  constructor(scope: Construct, id: string, props: AccountBudgetProps) {
    super(scope, id);
    const notify = (threshold: number, type: "ACTUAL" | "FORECASTED") => ({
      comparisonOperator: "GREATER_THAN",
      threshold,
      thresholdType: "PERCENTAGE",
      notificationType: type,
      subscriberEmailAddresses: props.alertEmails,
    });
    pinAddress(
      new BudgetsBudget(this, "budget", {
        name: props.budgetName,
        budgetType: "COST",
        limitAmount: props.monthlyUsd.toFixed(2),
        limitUnit: "USD",
        timeUnit: "MONTHLY",
        costFilter: [{ name: "LinkedAccount", values: [props.accountId] }],
        notification: [notify(80, "ACTUAL"), notify(100, "FORECASTED")],
      }),
      id,
    );
  }
}
