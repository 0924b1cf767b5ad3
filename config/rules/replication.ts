/** Data replication: between two different enabled workload accounts, unique names. */
import { checkUnique, type Rule } from "./context";

export const replicationRules: Rule = ({ raw }, add) => {
  raw.dataReplication.forEach((r, i) => {
    for (const side of ["source", "destination"] as const) {
      const account = raw.accounts.find((a) => a.name === r[side]);
      if (!account || account.role !== "workload" || !account.enabled) {
        add(["dataReplication", i, side], `"${r[side]}" must name an enabled workload account`);
      }
    }
    if (r.source === r.destination) add(["dataReplication", i, "destination"], "source and destination must be different accounts");
  });
  checkUnique(add, raw.dataReplication, (r) => r.name, (i) => ["dataReplication", i, "name"], "replication name");
};
