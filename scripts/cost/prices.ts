/**
 * On-demand list prices (USD) for what the stacks create, per region, each with its source page and the date the
 * price list was read. Transcribed by hand from the AWS pricing pages (this machine cannot reach AWS): check them
 * against `aws pricing get-products` before budgeting, and update `asOf` with every change.
 */

export interface Price {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  /** When the price list this value comes from was read (YYYY-MM). */
  readonly asOf: string;
}

const AS_OF = "2025-06";
const SRC = {
  fargate: "https://aws.amazon.com/fargate/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  privatelink: "https://aws.amazon.com/privatelink/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  rds: "https://aws.amazon.com/rds/postgresql/pricing/",
  elasticache: "https://aws.amazon.com/elasticache/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  route53: "https://aws.amazon.com/route53/pricing/",
  secrets: "https://aws.amazon.com/secrets-manager/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  eks: "https://aws.amazon.com/eks/pricing/",
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  s3: "https://aws.amazon.com/s3/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  backup: "https://aws.amazon.com/backup/pricing/",
  transfer: "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
  config: "https://aws.amazon.com/config/pricing/",
  guardduty: "https://aws.amazon.com/guardduty/pricing/",
  securityhub: "https://aws.amazon.com/security-hub/pricing/",
  accessAnalyzer: "https://aws.amazon.com/iam/access-analyzer/pricing/",
  apigateway: "https://aws.amazon.com/api-gateway/pricing/",
} as const;

const p = (usd: number, unit: string, source: string): Price => ({ usd, unit, source, asOf: AS_OF });

/** Prices that differ by region. */
export interface RegionalPrices {
  readonly fargateVcpuHour: Price;
  readonly fargateGbHour: Price;
  readonly natGatewayHour: Price;
  readonly natGatewayGb: Price;
  readonly publicIpv4Hour: Price;
  readonly albHour: Price;
  readonly albLcuHour: Price;
  readonly interfaceEndpointAzHour: Price;
  /** PostgreSQL Single-AZ instance-hours by class (Multi-AZ: twice). */
  readonly rdsPostgresHour: Readonly<Record<string, Price>>;
  readonly rdsGp3GbMonth: Price;
  readonly rdsBackupGbMonth: Price;
  /** ElastiCache (Redis OSS) node-hours by node type. */
  readonly elasticacheNodeHour: Readonly<Record<string, Price>>;
  /**
   * DocumentDB instance-hours by class. Not transcribed yet for any region: a stack with DocumentDB stops the estimate
   * with the class and region to add (rather than a guess). @default none
   */
  readonly documentDbInstanceHour?: Readonly<Record<string, Price>>;
  readonly ec2Hour: Readonly<Record<string, Price>>;
  readonly eksClusterHour: Price;
  readonly logsIngestedGb: Price;
  readonly logsStoredGbMonth: Price;
  readonly s3StandardGbMonth: Price;
  readonly crossRegionTransferGb: Price;
}

/** Prices that are the same in every region (or global services). */
export const GLOBAL_PRICES = {
  kmsKeyMonth: p(1.0, "key-month", SRC.kms),
  route53ZoneMonth: p(0.5, "hosted zone-month (first 25)", SRC.route53),
  secretMonth: p(0.4, "secret-month", SRC.secrets),
  wafWebAclMonth: p(5.0, "web ACL-month", SRC.waf),
  wafRuleMonth: p(1.0, "rule-month", SRC.waf),
  wafMillionRequests: p(0.6, "million requests", SRC.waf),
  alarmMonth: p(0.1, "standard-resolution alarm metric-month", SRC.cloudwatch),
  dashboardMonth: p(3.0, "dashboard-month beyond the 3 free", SRC.cloudwatch),
  customMetricMonth: p(0.3, "metric-month (first 10,000; Container Insights metrics are custom metrics)", SRC.cloudwatch),
  ecrStorageGbMonth: p(0.1, "GB-month", SRC.ecr),
  // Detective controls: the US East (N. Virginia) list prices, applied in every region (others differ by up to ~20%).
  configItem: p(0.003, "configuration item recorded (continuous recording; US East list price)", SRC.config),
  guardDutyMillionManagementEvents: p(4.0, "million CloudTrail management events analysed (first 500 million; US East list price)", SRC.guardduty),
  guardDutyFlowAndDnsLogGb: p(1.0, "GB of VPC flow and DNS query logs analysed (first 500 GB; US East list price)", SRC.guardduty),
  guardDutyMillionS3DataEvents: p(0.8, "million S3 data events analysed (first 500 million; US East list price)", SRC.guardduty),
  conformancePackEvaluation: p(0.001, "conformance pack rule evaluation (first 100,000; US East list price)", SRC.config),
  httpApiMillionRequests: p(1.0, "million HTTP API requests (first 300 million; US East list price)", SRC.apigateway),
  securityHubCheck: p(0.001, "security check (first 100,000 per account and region; US East list price)", SRC.securityhub),
  unusedAccessRoleOrUser: p(0.2, "IAM role or user analysed for unused access, per month", SRC.accessAnalyzer),
} as const;

/** Dashboards free per account. */
export const FREE_DASHBOARDS = 3;
export const HOURS_PER_MONTH = 730;

/**
 * US East (N. Virginia), US East (Ohio) and US West (Oregon) share one list price for everything priced here. Read
 * from the same pricing pages (us-east-1 column); RDS PostgreSQL m6g/r6g and ElastiCache m7g/r7g are the figures
 * most worth re-checking with `aws pricing get-products` before you budget on them.
 */
const US_LIST_PRICES: RegionalPrices = {
  fargateVcpuHour: p(0.04048, "vCPU-hour (Linux/x86)", SRC.fargate),
  fargateGbHour: p(0.004445, "GB-hour (Linux/x86)", SRC.fargate),
  natGatewayHour: p(0.045, "NAT gateway-hour", SRC.vpc),
  natGatewayGb: p(0.045, "GB processed", SRC.vpc),
  publicIpv4Hour: p(0.005, "public IPv4 address-hour", SRC.vpc),
  albHour: p(0.0225, "ALB-hour", SRC.elb),
  albLcuHour: p(0.008, "LCU-hour", SRC.elb),
  interfaceEndpointAzHour: p(0.01, "endpoint ENI (per AZ)-hour", SRC.privatelink),
  rdsPostgresHour: {
    "db.t4g.micro": p(0.016, "instance-hour", SRC.rds),
    "db.t4g.small": p(0.032, "instance-hour", SRC.rds),
    "db.t4g.medium": p(0.065, "instance-hour", SRC.rds),
    "db.m6g.large": p(0.159, "instance-hour", SRC.rds),
    "db.r6g.large": p(0.225, "instance-hour", SRC.rds),
  },
  rdsGp3GbMonth: p(0.115, "GB-month (gp3, per copy)", SRC.rds),
  rdsBackupGbMonth: p(0.095, "GB-month of backups beyond the database size", SRC.backup),
  elasticacheNodeHour: {
    "cache.t4g.micro": p(0.016, "node-hour", SRC.elasticache),
    "cache.t4g.small": p(0.032, "node-hour", SRC.elasticache),
    "cache.t4g.medium": p(0.065, "node-hour", SRC.elasticache),
    "cache.m7g.large": p(0.158, "node-hour", SRC.elasticache),
    "cache.r7g.large": p(0.219, "node-hour", SRC.elasticache),
  },
  ec2Hour: {
    "t3.medium": p(0.0416, "instance-hour (Linux)", SRC.ec2),
    "t3.large": p(0.0832, "instance-hour (Linux)", SRC.ec2),
    "m6i.large": p(0.096, "instance-hour (Linux)", SRC.ec2),
    "m6i.xlarge": p(0.192, "instance-hour (Linux)", SRC.ec2),
  },
  eksClusterHour: p(0.1, "cluster-hour (standard support)", SRC.eks),
  logsIngestedGb: p(0.5, "GB ingested", SRC.cloudwatch),
  logsStoredGbMonth: p(0.03, "GB-month archived", SRC.cloudwatch),
  s3StandardGbMonth: p(0.023, "GB-month (first 50 TB)", SRC.s3),
  crossRegionTransferGb: p(0.02, "GB to another region", SRC.transfer),
};

export const REGIONAL_PRICES: Readonly<Record<string, RegionalPrices>> = {
  "us-east-1": US_LIST_PRICES,
  "us-east-2": US_LIST_PRICES,
  "us-west-2": US_LIST_PRICES,
  "eu-west-1": {
    fargateVcpuHour: p(0.04048, "vCPU-hour (Linux/x86)", SRC.fargate),
    fargateGbHour: p(0.004445, "GB-hour (Linux/x86)", SRC.fargate),
    natGatewayHour: p(0.048, "NAT gateway-hour", SRC.vpc),
    natGatewayGb: p(0.048, "GB processed", SRC.vpc),
    publicIpv4Hour: p(0.005, "public IPv4 address-hour", SRC.vpc),
    albHour: p(0.0252, "ALB-hour", SRC.elb),
    albLcuHour: p(0.008, "LCU-hour", SRC.elb),
    interfaceEndpointAzHour: p(0.011, "endpoint ENI (per AZ)-hour", SRC.privatelink),
    rdsPostgresHour: {
      "db.t4g.micro": p(0.018, "instance-hour", SRC.rds),
      "db.t4g.small": p(0.036, "instance-hour", SRC.rds),
      "db.t4g.medium": p(0.072, "instance-hour", SRC.rds),
      "db.m6g.large": p(0.168, "instance-hour", SRC.rds),
      "db.r6g.large": p(0.258, "instance-hour", SRC.rds),
    },
    rdsGp3GbMonth: p(0.127, "GB-month (gp3, per copy)", SRC.rds),
    rdsBackupGbMonth: p(0.095, "GB-month of backups beyond the database size", SRC.backup),
    elasticacheNodeHour: {
      "cache.t4g.micro": p(0.018, "node-hour", SRC.elasticache),
      "cache.t4g.small": p(0.036, "node-hour", SRC.elasticache),
      "cache.t4g.medium": p(0.073, "node-hour", SRC.elasticache),
      "cache.m7g.large": p(0.176, "node-hour", SRC.elasticache),
      "cache.r7g.large": p(0.243, "node-hour", SRC.elasticache),
    },
    ec2Hour: {
      "t3.medium": p(0.0456, "instance-hour (Linux)", SRC.ec2),
      "t3.large": p(0.0912, "instance-hour (Linux)", SRC.ec2),
      "m6i.large": p(0.107, "instance-hour (Linux)", SRC.ec2),
      "m6i.xlarge": p(0.214, "instance-hour (Linux)", SRC.ec2),
    },
    eksClusterHour: p(0.1, "cluster-hour (standard support)", SRC.eks),
    logsIngestedGb: p(0.57, "GB ingested", SRC.cloudwatch),
    logsStoredGbMonth: p(0.03, "GB-month archived", SRC.cloudwatch),
    s3StandardGbMonth: p(0.023, "GB-month (first 50 TB)", SRC.s3),
    crossRegionTransferGb: p(0.02, "GB to another region", SRC.transfer),
  },
  "il-central-1": {
    fargateVcpuHour: p(0.04655, "vCPU-hour (Linux/x86)", SRC.fargate),
    fargateGbHour: p(0.00511, "GB-hour (Linux/x86)", SRC.fargate),
    natGatewayHour: p(0.0552, "NAT gateway-hour", SRC.vpc),
    natGatewayGb: p(0.0552, "GB processed", SRC.vpc),
    publicIpv4Hour: p(0.005, "public IPv4 address-hour", SRC.vpc),
    albHour: p(0.0277, "ALB-hour", SRC.elb),
    albLcuHour: p(0.0088, "LCU-hour", SRC.elb),
    interfaceEndpointAzHour: p(0.0121, "endpoint ENI (per AZ)-hour", SRC.privatelink),
    rdsPostgresHour: {
      "db.t4g.micro": p(0.02, "instance-hour", SRC.rds),
      "db.t4g.small": p(0.04, "instance-hour", SRC.rds),
      "db.t4g.medium": p(0.08, "instance-hour", SRC.rds),
      "db.m6g.large": p(0.185, "instance-hour", SRC.rds),
      "db.r6g.large": p(0.284, "instance-hour", SRC.rds),
    },
    rdsGp3GbMonth: p(0.14, "GB-month (gp3, per copy)", SRC.rds),
    rdsBackupGbMonth: p(0.105, "GB-month of backups beyond the database size", SRC.backup),
    elasticacheNodeHour: {
      "cache.t4g.micro": p(0.02, "node-hour", SRC.elasticache),
      "cache.t4g.small": p(0.04, "node-hour", SRC.elasticache),
      "cache.t4g.medium": p(0.08, "node-hour", SRC.elasticache),
      "cache.m7g.large": p(0.194, "node-hour", SRC.elasticache),
      "cache.r7g.large": p(0.267, "node-hour", SRC.elasticache),
    },
    ec2Hour: {
      "t3.medium": p(0.0502, "instance-hour (Linux)", SRC.ec2),
      "t3.large": p(0.1003, "instance-hour (Linux)", SRC.ec2),
      "m6i.large": p(0.118, "instance-hour (Linux)", SRC.ec2),
      "m6i.xlarge": p(0.236, "instance-hour (Linux)", SRC.ec2),
    },
    eksClusterHour: p(0.1, "cluster-hour (standard support)", SRC.eks),
    logsIngestedGb: p(0.627, "GB ingested", SRC.cloudwatch),
    logsStoredGbMonth: p(0.033, "GB-month archived", SRC.cloudwatch),
    s3StandardGbMonth: p(0.025, "GB-month (first 50 TB)", SRC.s3),
    crossRegionTransferGb: p(0.02, "GB to another region", SRC.transfer),
  },
};

/**
 * Usage the plan cannot tell ("early stage, before production load", the situation of S.E.T's own cost table). Each
 * figure is per month and deliberately small; override them by editing this table, never by hiding them.
 */
export const USAGE = {
  /** Average load-balancer capacity units an idle-to-light ALB consumes. */
  albLcu: 1,
  /** GB through NAT gateways per workload account (image pulls, updates, third-party APIs). */
  natGb: { nonprod: 20, prod: 50 },
  /** GB of logs ingested per workload account (app, RDS exports, VPC flow logs). */
  logsGb: { nonprod: 5, prod: 20 },
  /** Millions of requests through each WAF web ACL. */
  wafMillionRequests: { nonprod: 1, prod: 5 },
  /**
   * Management events per enabled account per day, and their size as JSON in CloudWatch Logs: the organization
   * trail's CloudWatch copy is ingested at the logs price (its S3 copy is the free first copy).
   */
  trailEventsPerAccountPerDay: 100_000,
  trailEventKb: 1.2,
  /** Compressed size of one container image (ECR storage = images kept × this × repositories). */
  imageGb: 0.3,
  /** GB stored per S3 bucket the landing zone creates (state, audit, ALB logs, replication) in its first months. */
  bucketGb: 5,
  /** Container Insights custom metrics: per cluster and per service (ECS, AWS's published counts, rounded up). */
  containerInsightsMetrics: { perCluster: 8, perService: 6 },
  /**
   * AWS Config items recorded per account and month: in the account's own region by what runs there (Fargate tasks and
   * their network interfaces change often), in every other allowed region a trickle (defaults, the recorder itself).
   */
  configItems: { workload: { nonprod: 3_000, prod: 6_000 }, other: 500, otherRegion: 50 },
  /** GB of VPC flow and DNS query logs GuardDuty analyses per workload account per month (other accounts: none). */
  guardDutyFlowAndDnsLogGb: { nonprod: 5, prod: 20 },
  /** Millions of S3 data events per workload account per month, when S3 protection is on. */
  guardDutyS3DataEventsMillion: { nonprod: 0.5, prod: 2 },
  /** Millions of requests through each HTTP API per month. */
  httpApiMillionRequests: { nonprod: 1, prod: 5 },
  /** Evaluations of the CIS conformance pack's rules per member account and region and month (21 rules, daily or on change). */
  conformancePackEvaluations: 1_000,
  /** Security Hub checks per account and month with CIS v3 + FSBP: in the account's own region, and in every other. */
  securityHubChecks: { ownRegion: 3_000, otherRegion: 300 },
} as const;

/** A price the table does not have: the estimate would be wrong, so it stops and names what to add. */
export class PriceMissingError extends Error {}

export function regionalPrices(region: string): RegionalPrices {
  const prices = REGIONAL_PRICES[region];
  if (!prices) {
    throw new PriceMissingError(`no prices for region ${region} in scripts/cost/prices.ts (priced: ${Object.keys(REGIONAL_PRICES).join(", ")}); add them from the AWS pricing pages`);
  }
  return prices;
}

/** A priced item of a table (instance classes, node types); a missing one is an error that names the table. */
export function priceOf(table: Readonly<Record<string, Price>>, key: string, what: string, region: string): Price {
  const price = table[key];
  if (!price) throw new PriceMissingError(`no ${what} price for ${key} in ${region} in scripts/cost/prices.ts (priced: ${Object.keys(table).join(", ")})`);
  return price;
}
