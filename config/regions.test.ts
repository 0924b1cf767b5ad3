import { describe, expect, it } from "vitest";
import { availabilityZoneNames } from "./names";
import { availabilityZoneCount, AWS_REGIONS, closestRegions, isKnownRegion } from "./regions";

describe("AWS regions and their zones", () => {
  it("derives zone names from each region's own letters (Tokyo has no 1b, Canada Central no 1c)", () => {
    expect(availabilityZoneNames("eu-west-1", 3)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    expect(availabilityZoneNames("ap-northeast-1", 3)).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
    expect(availabilityZoneNames("ca-central-1", 2)).toEqual(["ca-central-1a", "ca-central-1b"]);
    expect(() => availabilityZoneNames("eu-west-1", 4)).toThrow("eu-west-1 has 3 availability zones, not 4");
  });

  it("knows the regions the cost table prices and the examples use, and not made-up ones", () => {
    for (const r of ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "il-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"]) {
      expect(isKnownRegion(r), r).toBe(true);
    }
    expect(isKnownRegion("us-west-3")).toBe(false);
    expect(isKnownRegion("toString")).toBe(false);
    expect(availabilityZoneCount("us-east-1")).toBe(6);
    expect(Object.values(AWS_REGIONS).every((letters) => letters.length >= 2)).toBe(true);
    expect(closestRegions("eu-wst-1", 1)).toEqual(["eu-west-1"]);
  });
});
