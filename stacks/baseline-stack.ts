import type { Construct } from "constructs";
import { AccountStack, type AccountStackProps } from "./account-stack";

/** Identity and sandbox accounts: the provider, backend and baseline every account gets, nothing more yet. */
export class BaselineStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
  }
}
