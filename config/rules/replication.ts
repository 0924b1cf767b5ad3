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
    r.filters.forEach((f, fi) => {
      if ("tag" in f) {
        add(["dataReplication", i, "filters", fi, "tag"], `a tag filter lets anyone who may tag an object in ${r.source} copy it into ${r.destination}; select the subset by prefix (filters: [{ prefix: curated/ }]), which only the writers of that prefix control`);
      }
    });
  });
  checkUnique(add, raw.dataReplication, (r) => r.name, (i) => ["dataReplication", i, "name"], "replication name");
};
