/** NS delegation: a narrow role per tier in the account holding the parent zone. */
import { accountZoneName, ciRoleArn, delegatedZoneAccounts, stateAccount, type Account, type OrgConfig, type Tier } from "../../config";
import type { PolicyStatement } from "../../modules/lib/policy";

/** The delegation role of one tier: assumed by that tier's CI role; may only change the NS and DS records of that tier's zones. */
export function dnsDelegationTrust(config: OrgConfig, tier: Tier): PolicyStatement[] {
  return [{ Sid: "TierCiOnly", Effect: "Allow", Principal: { AWS: ciRoleArn(config, tier) }, Action: "sts:AssumeRole" }];
}

/** What a tier's delegation role in `owner` may write: NS records of exactly the zones that tier delegates into its zone. */
export function dnsDelegationPolicy(config: OrgConfig, tier: Tier, parentZoneArn: string, owner: Account = stateAccount(config)): PolicyStatement[] {
  const zones = delegatedZoneAccounts(config, owner, tier).map((a) => accountZoneName(config, a));
  return [
    {
      Sid: "OnlyThisTiersDelegations",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: parentZoneArn,
      Condition: {
        "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": zones, "route53:ChangeResourceRecordSetsRecordTypes": ["NS", "DS"] },
      },
    },
    { Sid: "ReadZone", Effect: "Allow", Action: ["route53:GetHostedZone", "route53:ListResourceRecordSets"], Resource: parentZoneArn },
    { Sid: "WaitForChanges", Effect: "Allow", Action: "route53:GetChange", Resource: "arn:aws:route53:::change/*" },
  ];
}
