import { Construct } from "constructs";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { protect } from "../lib/address";

export interface HostedZoneProps {
  readonly zoneName: string;
  readonly comment?: string;
}

/** Public Route 53 zone, protected from destroy (its NS set is delegated to from elsewhere). */
export class HostedZone extends Construct {
  readonly zoneId: string;
  readonly nameServers: string[];
  readonly zoneName: string;
  readonly zoneArn: string;

  constructor(scope: Construct, id: string, props: HostedZoneProps) {
    super(scope, id);
    const zone = protect(
      new Route53Zone(this, "zone", { name: props.zoneName, comment: props.comment ?? "managed by landing-zone", forceDestroy: false }),
      id,
    );
    this.zoneId = zone.zoneId;
    this.nameServers = zone.nameServers;
    this.zoneName = props.zoneName;
    this.zoneArn = zone.arn;
  }
}
