/** Guardrails (SCPs): known names, existing OUs, at most 5 per OU counting FullAWSAccess. */
import { BuiltinGuardrails, MAX_SCPS_PER_TARGET } from "../model";
import { checkUnique, type Rule } from "./context";

export const guardrailRules: Rule = ({ raw, accounts }, add) => {
  const ousInUse = new Set(accounts.filter((a) => a.ou !== null).map((a) => a.ou!));
  const guardrailNames = new Set<string>([...BuiltinGuardrails, ...raw.guardrails.custom.map((g) => g.name)]);
  raw.guardrails.custom.forEach((g, i) => {
    if ((BuiltinGuardrails as readonly string[]).includes(g.name)) add(["guardrails", "custom", i, "name"], `"${g.name}" is a built-in guardrail already`);
  });
  checkUnique(add, raw.guardrails.custom, (g) => g.name, (i) => ["guardrails", "custom", i, "name"], "guardrail name");
  for (const [ou, names] of Object.entries(raw.guardrails.attach)) {
    if (!ousInUse.has(ou)) add(["guardrails", "attach", ou], `no account is in OU "${ou}"; OUs: ${[...ousInUse].sort().join(", ")}`);
    names.forEach((n, i) => {
      if (!guardrailNames.has(n)) add(["guardrails", "attach", ou, i], `unknown guardrail "${n}"; guardrails: ${[...guardrailNames].join(", ")}`);
    });
    if (names.length + 1 > MAX_SCPS_PER_TARGET) {
      add(["guardrails", "attach", ou], `OU "${ou}" would get ${names.length + 1} SCPs (FullAWSAccess + ${names.length}); AWS allows at most ${MAX_SCPS_PER_TARGET} per OU or account`);
    }
  }
};
