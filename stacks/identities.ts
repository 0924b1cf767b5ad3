import type { Construct } from "constructs";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { accountByName, identityAccount, requireAccountId, type OrgConfig } from "../config";
import { IamIdentities, selfServiceMfaStatements } from "../modules/iam-identities";
import { IdentityCenter } from "../modules/identity-center";
import { pinAddress } from "../modules/lib/address";
import { groupAssumeStatements, identityCenterAssignments, permissionSetSpecs } from "./access";
import type { AccountStack } from "./account-stack";

/**
 * IAM users and groups of the identity account (or the management account when there is none). With Identity Center
 * only the machine ones: humans sign in there.
 */
export function addIdentities(scope: Construct, config: OrgConfig): IamIdentities | undefined {
  const accountId = requireAccountId(identityAccount(config), "IAM identities");
  const iamOnly = config.identity.provider === "identity-center";
  const groups = config.identity.groups.filter((g) => !iamOnly || g.kind === "machine");
  const users = config.identity.users.filter((u) => !iamOnly || u.kind === "machine");
  if (iamOnly && !groups.length && !users.length) return undefined;
  return new IamIdentities(scope, "identities", {
    groups: groups.map((g) => {
      const assume = groupAssumeStatements(config, g.name);
      return {
        name: g.name,
        policies: {
          ...(assume.length ? { "assume-roles": assume } : {}),
          ...(g.kind === "human" ? { "self-service-mfa": selfServiceMfaStatements(accountId) } : {}),
        },
      };
    }),
    users: users.map((u) => ({ name: u.name, groups: u.groups })),
  });
}

/**
 * Humans through IAM Identity Center (identity.provider: identity-center), from the management account: permission
 * sets, the Identity Store's groups and users (or the ids of those an IdP provisions) and the account assignments.
 */
export function addIdentityCenter(stack: AccountStack, config: OrgConfig): void {
  const ic = config.identity.identityCenter;
  if (config.identity.provider !== "identity-center" || !ic) return;
  const region = ic.region ?? config.organization.homeRegion;
  const provider = region === stack.account.region ? undefined : stack.regionProvider(region);
  const external = ic.groups === "external";
  new IdentityCenter(stack, "identity_center", {
    instanceArn: ic.instanceArn,
    identityStoreId: ic.identityStoreId,
    provider,
    sessionDuration: `PT${ic.sessionHours}H`,
    permissionSets: permissionSetSpecs(config),
    groups: config.identity.groups.filter((g) => g.kind === "human").map((g) => ({ name: g.name, externalId: external ? ic.groupIds[g.name] : undefined })),
    users: external ? [] : config.identity.users.filter((u) => u.kind === "human").map((u) => ({ userName: u.name, groups: u.groups, email: u.email })),
    assignments: identityCenterAssignments(config),
  });
  if (ic.delegatedAdministrator) {
    pinAddress(
      new OrganizationsDelegatedAdministrator(stack, "delegated-sso", {
        accountId: requireAccountId(accountByName(config, ic.delegatedAdministrator), "Identity Center's delegated administrator"),
        servicePrincipal: "sso.amazonaws.com",
      }),
      "sso",
    );
  }
}
