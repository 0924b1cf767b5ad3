/** Networks: valid, sized for the subnet plan, non-overlapping across every account (enabled or not). */
import { MAX_VPC_PREFIX, MIN_VPC_PREFIX, overlaps, parseCidr, type Cidr } from "../cidr";
import type { Rule } from "./context";

export const networkRules: Rule = ({ raw }, add) => {
  const cidrs: { i: number; cidr: Cidr; text: string }[] = [];
  raw.accounts.forEach((a, i) => {
    if (!a.network) return;
    const parsed = parseCidr(a.network.cidr);
    if (typeof parsed === "string") {
      add(["accounts", i, "network", "cidr"], parsed);
      return;
    }
    if (parsed.prefix < MIN_VPC_PREFIX || parsed.prefix > MAX_VPC_PREFIX) {
      add(["accounts", i, "network", "cidr"], `${a.network.cidr}: the VPC prefix must be /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}`);
      return;
    }
    for (const other of cidrs) {
      if (overlaps(parsed, other.cidr)) {
        add(["accounts", i, "network", "cidr"], `${a.network.cidr} overlaps ${other.text} of account "${raw.accounts[other.i].name}"; workload CIDRs must not overlap`);
      }
    }
    cidrs.push({ i, cidr: parsed, text: a.network.cidr });
  });
};
