import { Construct } from "constructs";
import { IamRole as AwsIamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { pinAddress } from "../lib/address";
import { policyJson, type PolicyStatement } from "../lib/policy";

export interface IamRoleProps {
  readonly roleName: string;
  readonly description: string;
  readonly trustStatements: PolicyStatement[];
  /** @default none */
  readonly managedPolicyArns?: string[];
  /** Inline policies by name. @default none */
  readonly inlinePolicies?: Record<string, PolicyStatement[]>;
  /** @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** Resources the trust policy names that Terraform cannot see (IAM rejects unknown principals). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Managed policy capping whatever the role is ever granted. @default none */
  readonly permissionsBoundaryArn?: string;
  /** Another account or region than the stack's default provider. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** An IAM role with a literal JSON trust policy; its resources are addressed `<type>.<id>` (+ `_<policy>`). */
export class IamRole extends Construct {
  readonly roleName: string;
  readonly roleArn: string;
  readonly trustPolicy: string;

  constructor(scope: Construct, id: string, props: IamRoleProps) {
    super(scope, id);
    this.trustPolicy = policyJson(props.trustStatements);
    const role = pinAddress(
      new AwsIamRole(this, "role", {
        name: props.roleName,
        description: props.description,
        assumeRolePolicy: this.trustPolicy,
        maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
        dependsOn: props.dependsOn,
        provider: props.provider,
        permissionsBoundary: props.permissionsBoundaryArn,
      }),
      id,
    );
    this.roleName = props.roleName;
    this.roleArn = role.arn;
    (props.managedPolicyArns ?? []).forEach((arn) => {
      const short = arn.split("/").pop()!;
      pinAddress(new IamRolePolicyAttachment(this, `managed-${short}`, { provider: props.provider, role: role.name, policyArn: arn }), `${id}_${short}`);
    });
    for (const [name, statements] of Object.entries(props.inlinePolicies ?? {})) {
      pinAddress(new IamRolePolicy(this, `inline-${name}`, { provider: props.provider, role: role.id, name, policy: policyJson(statements) }), `${id}_${name}`);
    }
  }
}
