import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { allIdsKnown, arnOfRole, auditAccount, auditBucketName, landingZoneConfigRegions, requireAccountId, securityNames, BOOTSTRAP_ROLE_NAME, deployRoleName, dnsDelegationRoleName, kmsAlias, parentZone, route53QueryLogsPolicyName, type Account, type OrgConfig } from "../config";
import { HostedZone, route53QueryLogsPolicy } from "../modules/hosted-zone";
import type { IamRole } from "../modules/iam-role";
import { cloudWatchLogsKeyStatement, KmsKey } from "../modules/kms-key";
import { pinAddress } from "../modules/lib/address";
import { policyJson } from "../modules/lib/policy";
import { useStateBackend } from "../state-backend/backend";
import { AccountDefaults } from "../modules/account-defaults";
import { ConfigRecorder } from "../modules/config-recorder";
import { addAccountBaseline } from "./account-baseline";
import "./creation-stacks";

export interface AccountStackProps {
  readonly config: OrgConfig;
  readonly account: Account;
  /**
   * Bootstrap synth: providers of member accounts assume OrganizationAccountAccessRole (the deploy role does not
   * exist yet), the management account uses the operator's own credentials, and `localState` stacks keep state
   * on disk until the bucket exists.
   */
  readonly bootstrap?: boolean;
  /** Keep state in a local file under this folder (relative to the stack's directory) until the bucket exists. @default S3 */
  readonly localStateDir?: string;
}

/** Options only the stack classes set. */
export interface AccountStackOptions {
  /** Add the account baseline (password policy, role set). Exactly one stack per account does. @default true */
  readonly baseline?: boolean;
}

/** Tags every resource of the stack carries, besides the organization's. */
export function stackTags(config: OrgConfig, account: Account, stackName: string): Record<string, string> {
  return {
    ...config.organization.tags,
    "lz:account": account.name,
    "lz:tier": account.tier,
    "lz:stack": stackName,
  };
}

/** The role a stack's provider assumes in its account, or undefined to use the caller's own credentials. */
export function providerRoleArn(config: OrgConfig, account: Account, bootstrap: boolean): string | undefined {
  if (!account.id) return undefined;
  if (bootstrap) return account.role === "management" ? undefined : arnOfRole(account.id, BOOTSTRAP_ROLE_NAME);
  return arnOfRole(account.id, deployRoleName(config));
}

/**
 * Base of every account stack: the AWS provider pinned to the account (assume role + allowed_account_ids), the
 * config's default tags, and the shared S3 state backend.
 */
export abstract class AccountStack extends TerraformStack {
  readonly config: OrgConfig;
  readonly account: Account;
  readonly provider: AwsProvider;

  /** The account's role set (empty when the stack does not hold the baseline or ids are still unknown). */
  readonly roles: IamRole[];
  /** The role the default provider assumes (undefined: the caller's own credentials). */
  private readonly providerRole: string | undefined;
  private readonly bootstrap: boolean;

  constructor(scope: Construct, stackName: string, props: AccountStackProps, options: AccountStackOptions = {}) {
    super(scope, stackName);
    this.config = props.config;
    this.account = props.account;
    this.bootstrap = props.bootstrap ?? false;
    const roleArn = providerRoleArn(props.config, props.account, props.bootstrap ?? false);
    this.providerRole = roleArn;
    this.provider = new AwsProvider(this, "aws", {
      region: props.account.region,
      allowedAccountIds: props.account.id ? [props.account.id] : undefined,
      assumeRole: roleArn ? [{ roleArn, sessionName: `landing-zone-${stackName}`.slice(0, 64) }] : undefined,
      defaultTags: [{ tags: stackTags(props.config, props.account, stackName) }],
    });
    this.providerTargets.set(this.provider, { accountId: props.account.id, region: props.account.region });
    useStateBackend(this, props.config, stackName, props.account.tier, { localStateDir: props.localStateDir });
    const baseline = (options.baseline ?? true) && allIdsKnown(props.config);
    this.roles = baseline ? addAccountBaseline(this, props.config, props.account) : [];
    if (baseline) {
      const others = props.config.organization.allowedRegions.filter((r) => r !== props.account.region);
      const regions = [{ region: props.account.region }, ...others.map((region) => ({ region, provider: this.regionProvider(region) }))];
      new AccountDefaults(this, "account_defaults", { regions });
      // Control Tower runs AWS Config in the regions it governs; the landing zone records the others.
      const configRegions = landingZoneConfigRegions(props.config);
      const recorded = regions.filter((r) => configRegions.includes(r.region));
      if (recorded.length) new ConfigRecorder(this, "config", {
        accountId: this.accountId,
        regions: recorded,
        recordGlobalResources: recorded[0].region === props.account.region,
        bucketName: auditBucketName(props.config, requireAccountId(auditAccount(props.config), "AWS Config delivery")),
        name: securityNames(props.config).configRecorder,
      });
    }
  }

  /** The account (id, when known) and region each AWS provider of this stack reaches. */
  readonly providerTargets = new Map<AwsProvider, { readonly accountId?: string; readonly region: string }>();

  private readonly regionProviders = new Map<string, AwsProvider>();

  /** This account in another allowed region (account-wide defaults there), created once per region. */
  regionProvider(region: string): AwsProvider {
    if (!this.regionProviders.has(region)) {
      this.regionProviders.set(region, this.aliasedProvider(`aws-region-${region}`, { alias: `region_${region.replace(/-/g, "_")}`, region, purpose: region }));
    }
    return this.regionProviders.get(region)!;
  }

  /**
   * A second AWS provider of this stack: another region of the same account with the same role (backup copies,
   * CloudFront's us-east-1), or a narrow role in another account (`roleArn` + `accountId`, e.g. DNS delegation).
   */
  aliasedProvider(id: string, opts: { alias: string; region: string; purpose: string; accountId?: string; roleArn?: string }): AwsProvider {
    const roleArn = opts.roleArn ?? this.providerRole;
    const accountId = opts.accountId ?? this.accountId;
    const provider = new AwsProvider(this, id, {
      alias: opts.alias,
      region: opts.region,
      allowedAccountIds: [accountId],
      assumeRole: roleArn ? [{ roleArn, sessionName: `landing-zone-${this.account.name}-${opts.purpose}`.slice(0, 64) }] : undefined,
      defaultTags: [{ tags: stackTags(this.config, this.account, this.node.id) }],
    });
    this.providerTargets.set(provider, { accountId, region: opts.region });
    return provider;
  }

  private readonly memberProviders = new Map<string, AwsProvider>();

  /**
   * Another member account of the organization, in one region, through its deploy role (while bootstrapping, before
   * those roles exist: OrganizationAccountAccessRole). For resources whose creation order spans two accounts, e.g. a
   * delegated administrator's detector before its designation from the management account. Created once per pair.
   */
  memberProvider(account: Account, region: string): AwsProvider {
    const key = `${account.name}/${region}`;
    if (!this.memberProviders.has(key)) {
      const accountId = account.id;
      if (!accountId) throw new Error(`account "${account.name}" has no id: set accounts[].id in ${this.config.sourceFile}`);
      const alias = `${account.name}_${region}`.replace(/-/g, "_");
      this.memberProviders.set(
        key,
        this.aliasedProvider(`aws-${account.name}-${region}`, {
          alias,
          region,
          purpose: `${account.name}-${region}`,
          accountId,
          roleArn: arnOfRole(accountId, this.bootstrap ? BOOTSTRAP_ROLE_NAME : deployRoleName(this.config)),
        }),
      );
    }
    return this.memberProviders.get(key)!;
  }

  private usEast1?: AwsProvider;

  /** This account in us-east-1 (CloudFront certificates, DNSSEC signing keys, Route 53 query logs), created once. */
  usEast1Provider(): AwsProvider {
    this.usEast1 ??= this.aliasedProvider("aws-us-east-1", { alias: "us_east_1", region: "us-east-1", purpose: "us-east-1" });
    return this.usEast1;
  }

  /**
   * The account's public zone, DNSSEC-signed (CKV2_AWS_38) and query-logged for a year (CKV2_AWS_39). Route 53 wants
   * both the signing key and the log group in us-east-1; the restrict-regions guardrail allows exactly those there.
   */
  publicZone(id: string, zoneName: string, comment: string): HostedZone {
    const usEast1 = this.usEast1Provider();
    const accountId = this.accountId;
    const logsKey = new KmsKey(this, "dns_logs_key", {
      accountId,
      alias: kmsAlias(this.config, "dns-logs"),
      description: "Route 53 query logs of this account's zones (us-east-1)",
      provider: usEast1,
      statements: [cloudWatchLogsKeyStatement("us-east-1", accountId)],
    });
    const policy = pinAddress(
      new CloudwatchLogResourcePolicy(this, "route53-query-logs-policy", {
        provider: usEast1,
        policyName: route53QueryLogsPolicyName(this.config),
        policyDocument: policyJson(route53QueryLogsPolicy(accountId)),
      }),
      "route53_query_logs",
    );
    return new HostedZone(this, id, {
      zoneName,
      comment,
      dnssec: { usEast1, accountId, keyAlias: kmsAlias(this.config, "dnssec") },
      queryLogs: { usEast1, kmsKeyArn: logsKey.keyArn, retentionDays: 365, dependsOn: [policy] },
    });
  }

  /**
   * Writes this account's zone's NS records (and its DS record: the DNSSEC chain of trust) into its parent zone in
   * another account, once the parent zone's id is in the config and every account id is known. The aliased provider
   * assumes this tier's narrow delegation role there, or, while bootstrapping (before those roles exist),
   * OrganizationAccountAccessRole. The parent's stack applies first. Returns the records, for certificate validations
   * to wait on (empty when there is no delegation to write).
   */
  delegateFromParent(zone: HostedZone): Route53Record[] {
    const parent = parentZone(this.config, this.account);
    if (!parent?.zoneId || !allIdsKnown(this.config)) return [];
    const ownerId = parent.owner.id!;
    const dns = this.aliasedProvider("aws-dns", {
      alias: "dns",
      region: this.config.organization.homeRegion,
      purpose: "dns",
      accountId: ownerId,
      roleArn: arnOfRole(ownerId, this.bootstrap ? BOOTSTRAP_ROLE_NAME : dnsDelegationRoleName(this.config, this.account.tier)),
    });
    const record = (id: string, type: "NS" | "DS", records: string[]) =>
      new Route53Record(this, id, { provider: dns, zoneId: parent.zoneId!, name: zone.zoneName, type, ttl: 300, records });
    const records = [pinAddress(record("delegation", "NS", zone.nameServers), "delegation")];
    if (zone.dsRecord) records.push(pinAddress(record("delegation-ds", "DS", [zone.dsRecord]), "delegation_ds"));
    return records;
  }

  /** The account id; every stack but a bootstrap management stack knows it. */
  get accountId(): string {
    if (!this.account.id) throw new Error(`account "${this.account.name}" has no id: set accounts[].id in ${this.config.sourceFile}`);
    return this.account.id;
  }
}
