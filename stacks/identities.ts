import type { Construct } from "constructs";
import { identityAccount, requireAccountId, type OrgConfig } from "../config";
import { IamIdentities, selfServiceMfaStatements } from "../modules/iam-identities";
import { groupAssumeStatements } from "./access";

/** IAM users and groups of the identity account (or the management account when there is none). */
export function addIdentities(scope: Construct, config: OrgConfig): IamIdentities {
  const accountId = requireAccountId(identityAccount(config), "IAM identities");
  return new IamIdentities(scope, "identities", {
    groups: config.identity.groups.map((g) => {
      const assume = groupAssumeStatements(config, g.name);
      return {
        name: g.name,
        policies: {
          ...(assume.length ? { "assume-roles": assume } : {}),
          ...(g.kind === "human" ? { "self-service-mfa": selfServiceMfaStatements(accountId) } : {}),
        },
      };
    }),
    users: config.identity.users.map((u) => ({ name: u.name, groups: u.groups })),
  });
}
