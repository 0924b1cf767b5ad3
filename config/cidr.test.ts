import { describe, expect, it } from "vitest";
import { contains, overlaps, parseCidr, planSubnets, type Cidr } from "./cidr";

const c = (t: string) => parseCidr(t) as Cidr;

describe("CIDR arithmetic", () => {
  it("parses and rejects", () => {
    expect(c("10.20.0.0/16")).toEqual({ base: 0x0a140000, prefix: 16 });
    expect(parseCidr("10.20.1.0/16")).toBe('"10.20.1.0/16" is not a network address: use 10.20.0.0/16');
    expect(parseCidr("10.0.0.0/33")).toBe('"10.0.0.0/33" has a prefix above /32');
  });

  it("detects overlap and containment", () => {
    expect(overlaps(c("10.0.0.0/16"), c("10.0.255.0/24"))).toBe(true);
    expect(overlaps(c("10.0.0.0/16"), c("10.1.0.0/16"))).toBe(false);
    expect(contains(c("10.0.0.0/16"), c("10.0.8.0/21"))).toBe(true);
  });

  it("plans fixed subnet slots so adding an AZ never moves an existing subnet", () => {
    const one = planSubnets("10.20.0.0/16", 1);
    const three = planSubnets("10.20.0.0/16", 3);
    expect(one).toEqual({ public: ["10.20.0.0/21"], app: ["10.20.64.0/21"], data: ["10.20.128.0/21"] });
    expect(three.public.slice(0, 1)).toEqual(one.public);
    expect(three.app).toEqual(["10.20.64.0/21", "10.20.72.0/21", "10.20.80.0/21"]);
    expect(planSubnets("10.9.0.0/22", 6).data[5]).toBe("10.9.2.160/27");
  });
});
