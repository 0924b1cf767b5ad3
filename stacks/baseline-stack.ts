import type { Construct } from "constructs";
import { allIdsKnown } from "../config";
import { AccountStack, type AccountStackProps } from "./account-stack";
import { addAccessLogBucket } from "./access-logs";
import { addAuditArchive } from "./audit-archive";
import { addIdentities } from "./identities";


/**
 * Identity and sandbox accounts: the baseline every account gets; the identity account also holds the IAM users
 * and groups, and the audit archive when the config puts it there.
 */
export class BaselineStack extends AccountStack {
  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.name, props);
    const { config, account } = this;
    if (!allIdsKnown(config)) return;
    if (config.identityAccountName === account.name) addIdentities(this, config);
    if (config.auditAccountName === account.name && config.stateAccountName !== account.name) addAuditArchive(this, config, account, addAccessLogBucket(this, config, account.id!));
  }
}
