/** Identity: extra roles, groups and users are unique; groups name known roles; users join groups of their kind. */
import { BaselineRoles, ManagementHumanRoles } from "../model";
import { checkUnique, type Rule } from "./context";

export const identityRules: Rule = ({ raw }, add) => {
  const roles = new Set<string>([...BaselineRoles, ...raw.identity.extraRoles.map((r) => r.name)]);
  raw.identity.extraRoles.forEach((r, i) => {
    if ((BaselineRoles as readonly string[]).includes(r.name)) add(["identity", "extraRoles", i, "name"], `"${r.name}" is a baseline role already (${BaselineRoles.join(", ")})`);
  });
  checkUnique(add, raw.identity.extraRoles, (r) => r.name, (i) => ["identity", "extraRoles", i, "name"], "role name");
  checkUnique(add, raw.identity.groups, (g) => g.name, (i) => ["identity", "groups", i, "name"], "group name");
  checkUnique(add, raw.identity.users, (u) => u.name, (i) => ["identity", "users", i, "name"], "user name");
  const groups = new Set(raw.identity.groups.map((g) => g.name));
  raw.identity.groups.forEach((g, gi) => {
    for (const tier of ["nonprod", "prod"] as const) {
      g.roles[tier].forEach((r, ri) => {
        if (!roles.has(r)) add(["identity", "groups", gi, "roles", tier, ri], `unknown role "${r}"; roles: ${[...roles].join(", ")}`);
        // A machine user has no MFA: it never deploys prod (CI does, through GitHub OIDC pinned to the production environment).
        else if (g.kind === "machine" && tier === "prod" && r !== "terraform-plan" && r !== "readonly") {
          add(["identity", "groups", gi, "roles", tier, ri], `machine group "${g.name}" cannot assume "${r}" in prod: machine users have no MFA, and prod (management included) deploys only through the prod CI role (GitHub OIDC, production environment); allowed in prod: terraform-plan, readonly`);
        }
      });
    }
    (g.roles.management ?? []).forEach((r, ri) => {
      const allowed: readonly string[] = g.kind === "machine" ? [] : ManagementHumanRoles;
      if (!allowed.includes(r)) {
        add(["identity", "groups", gi, "roles", "management", ri], `"${r}" is not granted in the management account: SCPs never apply there and every OrganizationAccountAccessRole trusts it; ${g.kind === "machine" ? "machine groups get no management role" : `humans may get ${ManagementHumanRoles.join(", ")}`}`);
      }
    });
  });
  raw.identity.users.forEach((u, ui) => {
    u.groups.forEach((g, gi) => {
      const group = raw.identity.groups.find((x) => x.name === g);
      if (!group) add(["identity", "users", ui, "groups", gi], `unknown group "${g}"; groups: ${[...groups].join(", ") || "(none defined)"}`);
      else if (group.kind !== u.kind) {
        add(["identity", "users", ui, "groups", gi], `${u.kind} user "${u.name}" cannot join ${group.kind} group "${g}": humans assume roles only with MFA, machine users cannot use MFA`);
      }
    });
  });
};

/** Identity Center: its settings only with provider identity-center; external groups mapped by id; a valid administrator. */
export const identityCenterRules: Rule = ({ raw, allowedRegions, allowedRegionsText }, add) => {
  const ic = raw.identity.identityCenter;
  if (raw.identity.provider !== "identity-center") {
    if (ic) add(["identity", "identityCenter"], "identityCenter is read only with identity.provider: identity-center");
    return;
  }
  if (!ic) return add(["identity", "provider"], "identity-center needs identity.identityCenter: { instanceArn, identityStoreId } (enable the instance in the management account's console first)");
  if (ic.region && !allowedRegions.has(ic.region)) add(["identity", "identityCenter", "region"], `region ${ic.region} is not in organization.allowedRegions (${allowedRegionsText})`);
  const humans = raw.identity.groups.filter((g) => g.kind === "human").map((g) => g.name);
  if (ic.groups === "external") {
    humans.forEach((name) => {
      if (!ic.groupIds[name]) add(["identity", "identityCenter", "groupIds"], `human group "${name}" needs its Identity Store group id (groups: external: the IdP provisions it; aws identitystore list-groups shows the id)`);
    });
    raw.identity.users.forEach((u, i) => {
      if (u.kind === "human") add(["identity", "users", i], `human user "${u.name}": with groups: external the IdP provisions users; list only machine users here`);
    });
  }
  for (const name of Object.keys(ic.groupIds)) {
    if (ic.groups !== "external") add(["identity", "identityCenter", "groupIds", name], "groupIds is read only with groups: external");
    else if (!humans.includes(name)) add(["identity", "identityCenter", "groupIds", name], `unknown human group "${name}"; human groups: ${humans.join(", ") || "none"}`);
  }
  if (ic.delegatedAdministrator !== undefined) {
    const target = raw.accounts.find((a) => a.name === ic.delegatedAdministrator);
    if (!target || !target.enabled || !["identity", "security"].includes(target.role)) {
      const allowed = raw.accounts.filter((a) => a.enabled && ["identity", "security"].includes(a.role)).map((a) => a.name);
      add(["identity", "identityCenter", "delegatedAdministrator"], `"${ic.delegatedAdministrator}" must name an enabled identity or security account (${allowed.join(", ") || "none in this config"})`);
    }
  }
};
