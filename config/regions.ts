/**
 * The AWS commercial regions and the letters of their availability zones, so AZ names are derived with no AWS call
 * and a region that does not exist is caught at load. (Zone letters map to physical zones per account, but the letters
 * an account sees are these.)
 */
import { levenshtein } from "./text";

export const AWS_REGIONS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef", "us-east-2": "abc", "us-west-1": "ab", "us-west-2": "abcd",
  "ca-central-1": "abd", "ca-west-1": "abc", "mx-central-1": "abc", "sa-east-1": "abc",
  "eu-west-1": "abc", "eu-west-2": "abc", "eu-west-3": "abc", "eu-central-1": "abc", "eu-central-2": "abc",
  "eu-north-1": "abc", "eu-south-1": "abc", "eu-south-2": "abc",
  "il-central-1": "abc", "me-south-1": "abc", "me-central-1": "abc", "af-south-1": "abc",
  "ap-east-1": "abc", "ap-east-2": "abc", "ap-south-1": "abc", "ap-south-2": "abc",
  "ap-southeast-1": "abc", "ap-southeast-2": "abc", "ap-southeast-3": "abc", "ap-southeast-4": "abc",
  "ap-southeast-5": "abc", "ap-southeast-6": "abc", "ap-southeast-7": "abc",
  "ap-northeast-1": "acd", "ap-northeast-2": "abcd", "ap-northeast-3": "abc",
};

export const isKnownRegion = (region: string) => Object.hasOwn(AWS_REGIONS, region);

/**
 * Regions AWS launched after March 2019 are disabled in every account until enabled ("opt-in"): each account must
 * enable them (Account Management `EnableRegion`) before it can use them.
 */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
  "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
  "me-central-1", "me-south-1", "mx-central-1",
]);

export const isOptInRegion = (region: string) => OPT_IN_REGIONS.has(region);

/** How many availability zones a region has (undefined for a region this table does not know). */
export const availabilityZoneCount = (region: string): number | undefined => AWS_REGIONS[region]?.length;

/** The known regions nearest in spelling to `region` (for "did you mean"). */
export function closestRegions(region: string, count = 3): string[] {
  return Object.keys(AWS_REGIONS)
    .map((r) => ({ r, d: levenshtein(region, r) }))
    .sort((x, y) => x.d - y.d || x.r.localeCompare(y.r))
    .slice(0, count)
    .map((x) => x.r);
}
