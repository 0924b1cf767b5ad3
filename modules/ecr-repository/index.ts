import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository as AwsEcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { pinAddress, protect } from "../lib/address";
import { policyJson, type PolicyStatement } from "../lib/policy";

export interface EcrRepositoryProps {
  readonly repositoryName: string;
  readonly kmsKeyArn: string;
  /** Tagged images kept; older ones expire. @default 30 */
  readonly keepLastImages?: number;
  /** Days after which untagged images expire. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** Repository policy statements (who may pull and push). @default none: only this account */
  readonly policyStatements?: PolicyStatement[];
}

/** ECR repository: immutable tags, scan on push, KMS, lifecycle; protected from destroy (images are deploy history). */
export class EcrRepository extends Construct {
  readonly repositoryArn: string;
  readonly repositoryName: string;
  readonly repositoryUrl: string;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    const repo = protect(
      new AwsEcrRepository(this, "repository", {
        name: props.repositoryName,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
        forceDelete: false,
      }),
      id,
    );
    pinAddress(
      new EcrLifecyclePolicy(this, "lifecycle", {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: "expire untagged images",
              selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: props.untaggedExpiryDays ?? 7 },
              action: { type: "expire" },
            },
            {
              rulePriority: 2,
              description: "keep the last tagged images",
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepLastImages ?? 30 },
              action: { type: "expire" },
            },
          ],
        }),
      }),
      id,
    );
    if (props.policyStatements?.length) {
      pinAddress(new EcrRepositoryPolicy(this, "policy", { repository: repo.name, policy: policyJson(props.policyStatements) }), id);
    }
    this.repositoryArn = repo.arn;
    this.repositoryName = props.repositoryName;
    this.repositoryUrl = repo.repositoryUrl;
  }
}
