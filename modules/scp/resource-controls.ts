/**
 * Resource control policy (RCP) documents: what the organization's resources admit, whoever asks and whatever their
 * own resource policies say. Inputs are ids; nothing here knows about accounts or YAML.
 */
import type { PolicyStatement } from "../lib/policy";

/** The services RCPs govern that the data perimeter covers. */
export const DATA_PERIMETER_ACTIONS = ["s3:*", "kms:*", "sqs:*", "secretsmanager:*"];
/**
 * The STS actions the perimeter covers: role assumption and session tokens. Not AssumeRoleWithWebIdentity (GitHub
 * Actions' OIDC federation has no organization) nor AssumeRoleWithSAML.
 */
export const DATA_PERIMETER_STS_ACTIONS = [
  "sts:AssumeRole", "sts:DecodeAuthorizationMessage", "sts:GetAccessKeyInfo", "sts:GetFederationToken", "sts:GetServiceBearerToken",
  "sts:GetSessionToken", "sts:SetContext",
];

export interface DataPerimeterProps {
  /** The organization's id (o-…; a token is fine). */
  readonly organizationId: string;
  /**
   * AWS-owned accounts that write into the organization's buckets as themselves, not as a service principal: the
   * regional Elastic Load Balancing accounts that deliver ALB access logs in regions older than August 2022.
   */
  readonly awsDeliveryAccountIds: string[];
}

/**
 * The identity and confused-deputy data perimeter (AWS's data-perimeter policy examples): no principal outside the
 * organization reaches its S3, KMS, SQS, Secrets Manager or STS resources, even where a resource policy would let it;
 * AWS services acting for the organization's own accounts still do, and services acting for anyone else do not.
 */
export function dataPerimeterRcp(props: DataPerimeterProps): PolicyStatement[] {
  const principalOutside: Record<string, string | string[]> = { "aws:PrincipalOrgID": props.organizationId };
  if (props.awsDeliveryAccountIds.length) principalOutside["aws:PrincipalAccount"] = props.awsDeliveryAccountIds;
  return [
    {
      Sid: "EnforceOrganizationIdentities",
      Effect: "Deny",
      Principal: "*",
      Action: [...DATA_PERIMETER_ACTIONS, ...DATA_PERIMETER_STS_ACTIONS],
      Resource: "*",
      Condition: { StringNotEqualsIfExists: principalOutside, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
    },
    {
      Sid: "EnforceConfusedDeputyProtection",
      Effect: "Deny",
      Principal: "*",
      Action: [...DATA_PERIMETER_ACTIONS, "sts:*"],
      Resource: "*",
      Condition: { StringNotEqualsIfExists: { "aws:SourceOrgID": props.organizationId }, Null: { "aws:SourceAccount": "false" }, Bool: { "aws:PrincipalIsAWSService": "true" } },
    },
  ];
}
