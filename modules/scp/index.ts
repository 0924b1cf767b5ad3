import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { pinAddress, toLogicalId } from "../lib/address";
import { policyJson, type PolicyStatement } from "../lib/policy";
import { SCP_MAX_CHARACTERS } from "./guardrails";

export interface ServiceControlPolicyProps {
  readonly policyName: string;
  readonly description: string;
  readonly statements: PolicyStatement[];
  /** OU or account ids (tokens allowed) to attach to, keyed by a stable name used in the attachment's address. */
  readonly targets: Record<string, string>;
  /** SERVICE_CONTROL_POLICY (what principals may do) or RESOURCE_CONTROL_POLICY (what resources admit). @default SERVICE_CONTROL_POLICY */
  readonly policyType?: "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";
  /** What must exist first (the organization, with the policy type enabled). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** One SCP (or RCP) document and its attachments. Throws if the minified document exceeds AWS's 5,120-character limit. */
export class ServiceControlPolicy extends Construct {
  readonly policyId: string;
  readonly document: string;

  constructor(scope: Construct, id: string, props: ServiceControlPolicyProps) {
    super(scope, id);
    this.document = policyJson(props.statements);
    if (this.document.length > SCP_MAX_CHARACTERS) {
      throw new Error(`${props.policyType === "RESOURCE_CONTROL_POLICY" ? "RCP" : "SCP"} ${props.policyName} is ${this.document.length} characters minified; AWS allows ${SCP_MAX_CHARACTERS}`);
    }
    const policy = pinAddress(
      new OrganizationsPolicy(this, "policy", { name: props.policyName, description: props.description, type: props.policyType ?? "SERVICE_CONTROL_POLICY", content: this.document, dependsOn: props.dependsOn }),
      id,
    );
    this.policyId = policy.id;
    for (const [name, targetId] of Object.entries(props.targets)) {
      pinAddress(new OrganizationsPolicyAttachment(this, `attach-${name}`, { policyId: policy.id, targetId }), toLogicalId(`${id}_${name}`));
    }
  }
}

export * from "./guardrails";
export * from "./resource-controls";
