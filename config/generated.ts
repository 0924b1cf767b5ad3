/** Generated configs for scale tests and the benchmark: an existing config with its workload accounts repeated. */
import { parseDocument } from "yaml";

/** A config with every workload account repeated `factor` times (unique names, ids, CIDRs, zones). */
export function multiplyWorkloads(yamlText: string, factor: number): string {
  const doc = parseDocument(yamlText);
  const plain = doc.toJS() as { accounts: Record<string, unknown>[] };
  const workloads = plain.accounts.filter((a) => a.role === "workload");
  const others = plain.accounts.filter((a) => a.role !== "workload");
  let n = 0;
  const generated = workloads.flatMap((w) =>
    Array.from({ length: factor }, (_, copy) => {
      n++;
      const name = `${w.name}-${copy + 1}`;
      return {
        ...w,
        name,
        email: `bench-${name}@example.com`,
        id: String(900000000000 + n),
        network: { cidr: `10.${n}.0.0/16` }, // at most 50 × 3 workloads: fits 10.1–10.150
        dns: { subdomain: name },
      };
    }),
  );
  doc.set("accounts", doc.createNode([...others, ...generated]));
  return doc.toString();
}
