/**
 * Guardrails (SCPs) and resource controls (RCPs): known names, existing OUs, at most 5 per OU counting AWS's
 * FullAWSAccess / RCPFullAWSAccess, custom documents within AWS's 5,120-character limit.
 */
import { BuiltinGuardrails, BuiltinResourceControls, MAX_RCPS_PER_TARGET, MAX_SCPS_PER_TARGET, POLICY_MAX_CHARACTERS } from "../model";
import { checkUnique, type Rule, type RuleProblem } from "./context";

type Add = (path: RuleProblem["path"], message: string) => void;
type Custom = { name: string; statements: Record<string, unknown>[] };

function policyKindRules(
  add: Add,
  kind: { path: string[]; what: string; plural: string; unit: string; builtins: readonly string[]; fullAccess: string; max: number },
  attach: Record<string, string[]>,
  custom: Custom[],
  ousInUse: Set<string>,
): void {
  const names = new Set<string>([...kind.builtins, ...custom.map((g) => g.name)]);
  custom.forEach((g, i) => {
    if (kind.builtins.includes(g.name)) add([...kind.path, "custom", i, "name"], `"${g.name}" is a built-in ${kind.what} already`);
    const size = JSON.stringify({ Version: "2012-10-17", Statement: g.statements }).length;
    if (size > POLICY_MAX_CHARACTERS) {
      add([...kind.path, "custom", i, "statements"], `${kind.what} "${g.name}" is ${size} characters minified; AWS allows at most ${POLICY_MAX_CHARACTERS}`);
    }
  });
  checkUnique(add, custom, (g) => g.name, (i) => [...kind.path, "custom", i, "name"], `${kind.what} name`);
  for (const [ou, attached] of Object.entries(attach)) {
    if (!ousInUse.has(ou)) add([...kind.path, "attach", ou], `no account is in OU "${ou}"; OUs: ${[...ousInUse].sort().join(", ")}`);
    attached.forEach((n, i) => {
      if (!names.has(n)) add([...kind.path, "attach", ou, i], `unknown ${kind.what} "${n}"; ${kind.plural}: ${[...names].join(", ")}`);
    });
    if (attached.length + 1 > kind.max) {
      add([...kind.path, "attach", ou], `OU "${ou}" would get ${attached.length + 1} ${kind.unit} (${kind.fullAccess} + ${attached.length}); AWS allows at most ${kind.max} per OU or account`);
    }
  }
}

export const guardrailRules: Rule = ({ raw, accounts }, add) => {
  const ousInUse = new Set(accounts.filter((a) => a.ou !== null).map((a) => a.ou!));
  policyKindRules(add, { path: ["guardrails"], what: "guardrail", plural: "guardrails", unit: "SCPs", builtins: BuiltinGuardrails, fullAccess: "FullAWSAccess", max: MAX_SCPS_PER_TARGET },
    raw.guardrails.attach, raw.guardrails.custom, ousInUse);
  const rcps = raw.guardrails.resourceControls;
  policyKindRules(add, { path: ["guardrails", "resourceControls"], what: "resource control policy", plural: "resource control policies", unit: "RCPs", builtins: BuiltinResourceControls, fullAccess: "RCPFullAWSAccess", max: MAX_RCPS_PER_TARGET },
    rcps.attach, rcps.custom, ousInUse);
};
