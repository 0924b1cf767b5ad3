/**
 * Monthly cost estimate from the synthesized stacks: counts what the stacks actually contain (NAT gateways, task
 * counts and sizes, Multi-AZ doubling, read replicas, cache nodes, endpoints per AZ, …) and prices it with the table
 * in prices.ts, plus the few usage assumptions listed there. Pure: stacks JSON in, priced lines out.
 */
import { servicesAccount, STATE_BACKEND_STACK, NONPROD_STATE_BACKEND_STACK, accountByName, type Account, type OrgConfig } from "../../config";
import { FREE_DASHBOARDS, GLOBAL_PRICES, HOURS_PER_MONTH, priceOf, regionalPrices, USAGE, type Price } from "./prices";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface CostLine {
  readonly account: string;
  readonly stack: string;
  readonly item: string;
  readonly region: string;
  readonly quantity: number;
  readonly price: Price;
  readonly usd: number;
}

export interface AccountCost {
  readonly account: string;
  readonly tier: string;
  readonly usd: number;
  readonly lines: CostLine[];
}

/** The account a stack deploys into. */
export function accountOfStack(config: OrgConfig, stack: string): Account {
  if (stack === STATE_BACKEND_STACK) return accountByName(config, config.stateAccountName);
  if (stack === NONPROD_STATE_BACKEND_STACK) return servicesAccount(config, "nonprod");
  return accountByName(config, stack);
}

/**
 * The account a resource lives in: its provider's account (a stack may reach into another account through an aliased
 * provider pinned by allowed_account_ids, e.g. the security administrator's services from the management stack), else
 * the stack's own.
 */
export function resourceAccount(config: OrgConfig, stackName: string, stack: Json, resource: Json): string {
  const own = accountOfStack(config, stackName).name;
  if (typeof resource.provider !== "string") return own;
  const alias = resource.provider.replace(/^aws\./, "");
  const provider = ((stack.provider?.aws ?? []) as Json[]).find((p) => p.alias === alias);
  const id = provider?.allowed_account_ids?.[0];
  return (id && config.accounts.find((a) => a.id === id)?.name) || own;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const refId = (expr: unknown) => String(expr ?? "").match(/^\$\{[a-z0-9_]+\.([^.]+)\./)?.[1];

/** Every priced line of one stack. */
export function stackCostLines(config: OrgConfig, stackName: string, stack: Json, allStacks: Record<string, Json> = { [stackName]: stack }): CostLine[] {
  const account = accountOfStack(config, stackName);
  const tier = account.tier;
  const providers: Json[] = stack.provider?.aws ?? [];
  const defaultRegion = providers.find((p) => !p.alias)?.region ?? account.region;
  const regionOf = (r: Json) => (r.provider ? (providers.find((p) => `aws.${p.alias}` === r.provider)?.region ?? defaultRegion) : defaultRegion);
  const all = (type: string): [string, Json][] => Object.entries(stack.resource?.[type] ?? {});
  const lines: CostLine[] = [];
  const add = (item: string, region: string, quantity: number, price: Price, inAccount = account.name) =>
    quantity > 0 && lines.push({ account: inAccount, stack: stackName, item, region, quantity: round2(quantity), price, usd: quantity * price.usd });
  const hours = (count: number) => count * HOURS_PER_MONTH;
  const prices = (region: string) => regionalPrices(region);

  // Network
  for (const [id, r] of all("aws_nat_gateway")) add(`NAT gateway ${id}`, regionOf(r), hours(1), prices(regionOf(r)).natGatewayHour);
  if (all("aws_nat_gateway").length) add("NAT data processed (usage)", defaultRegion, USAGE.natGb[tier], prices(defaultRegion).natGatewayGb);
  const eips = all("aws_eip").length;
  add(`public IPv4: ${eips} Elastic IP(s)`, defaultRegion, hours(eips), prices(defaultRegion).publicIpv4Hour);
  for (const [id, r] of all("aws_vpc_endpoint")) {
    if (r.vpc_endpoint_type !== "Interface") continue;
    const azs = (r.subnet_ids ?? []).length;
    add(`interface endpoint ${id} in ${azs} AZ(s)`, regionOf(r), hours(azs), prices(regionOf(r)).interfaceEndpointAzHour);
  }
  for (const [id, r] of all("aws_lb")) {
    const region = regionOf(r);
    add(`ALB ${id}`, region, hours(1), prices(region).albHour);
    add(`ALB ${id} capacity units (usage: ${USAGE.albLcu} LCU)`, region, hours(USAGE.albLcu), prices(region).albLcuHour);
    if (r.internal !== true) add(`ALB ${id} public IPv4 (one per subnet)`, region, hours((r.subnets ?? []).length), prices(region).publicIpv4Hour);
  }
  // Compute
  const taskDefinitions = Object.fromEntries(all("aws_ecs_task_definition"));
  for (const [id, r] of all("aws_ecs_service")) {
    const task = taskDefinitions[refId(r.task_definition) ?? ""];
    if (!task) throw new Error(`${stackName}: aws_ecs_service.${id} refers to a task definition the stack does not hold`);
    const region = regionOf(r);
    const tasks = r.desired_count ?? 0;
    add(`Fargate ${id}: ${tasks} task(s) × ${Number(task.cpu) / 1024} vCPU`, region, hours(tasks * (Number(task.cpu) / 1024)), prices(region).fargateVcpuHour);
    add(`Fargate ${id}: ${tasks} task(s) × ${Number(task.memory) / 1024} GB`, region, hours(tasks * (Number(task.memory) / 1024)), prices(region).fargateGbHour);
  }
  for (const [id, r] of all("aws_ecs_cluster")) {
    if (!(r.setting ?? []).some((s: Json) => s.name === "containerInsights" && s.value !== "disabled")) continue;
    const metrics = USAGE.containerInsightsMetrics.perCluster + USAGE.containerInsightsMetrics.perService * all("aws_ecs_service").length;
    add(`Container Insights ${id} (${metrics} metrics)`, regionOf(r), metrics, GLOBAL_PRICES.customMetricMonth);
  }
  for (const [id, r] of all("aws_eks_cluster")) add(`EKS control plane ${id}`, regionOf(r), hours(1), prices(regionOf(r)).eksClusterHour);
  for (const [id, r] of all("aws_eks_node_group")) {
    const region = regionOf(r);
    const type = r.instance_types?.[0] ?? "t3.medium";
    const nodes = r.scaling_config?.[0]?.desired_size ?? r.scaling_config?.desired_size ?? 0;
    add(`EKS nodes ${id}: ${nodes} × ${type}`, region, hours(nodes), priceOf(prices(region).ec2Hour, type, "EC2 instance", region));
  }
  // Data
  const databases = Object.fromEntries(all("aws_db_instance"));
  let managedSecrets = 0;
  for (const [id, r] of all("aws_db_instance")) {
    const region = regionOf(r);
    const source = r.replicate_source_db ? databases[String(r.replicate_source_db).match(/aws_db_instance\.([^.]+)\./)?.[1] ?? ""] : undefined;
    const copies = r.multi_az ? 2 : 1;
    const storage = r.allocated_storage ?? source?.allocated_storage ?? 0;
    const label = `RDS ${id} ${r.instance_class}${r.multi_az ? " Multi-AZ" : ""}${source ? " read replica" : ""}`;
    add(label, region, hours(copies), priceOf(prices(region).rdsPostgresHour, r.instance_class, "RDS PostgreSQL instance", region));
    add(`RDS ${id} storage ${storage} GB × ${copies}`, region, storage * copies, prices(region).rdsGp3GbMonth);
    if (r.manage_master_user_password) managedSecrets++;
  }
  for (const [id, r] of all("aws_elasticache_replication_group")) {
    const region = regionOf(r);
    const nodes = r.num_cache_clusters ?? (r.num_node_groups ?? 1) * ((r.replicas_per_node_group ?? 0) + 1);
    add(`ElastiCache ${id}: ${nodes} × ${r.node_type}`, region, hours(nodes), priceOf(prices(region).elasticacheNodeHour, r.node_type, "ElastiCache node", region));
  }
  for (const [id, r] of all("aws_docdb_cluster_instance")) {
    const region = regionOf(r);
    add(`DocumentDB ${id}: ${r.instance_class}`, region, hours(1), priceOf(prices(region).documentDbInstanceHour ?? {}, r.instance_class, "DocumentDB instance", region));
  }
  const backedUpGb = Object.values(databases).filter((d) => !d.replicate_source_db).reduce((sum, d) => sum + (d.allocated_storage ?? 0), 0);
  for (const [id, r] of all("aws_backup_plan")) {
    const region = regionOf(r);
    add(`AWS Backup ${id}: snapshots of ${backedUpGb} GB`, region, backedUpGb, prices(region).rdsBackupGbMonth);
    const copyVaults = new Set<string>((r.rule ?? []).flatMap((rule: Json) => (rule.copy_action ?? []).map((c: Json) => String(c.destination_vault_arn))));
    for (const vault of copyVaults) {
      const copyVault = all("aws_backup_vault").find(([vid]) => vault.includes(`aws_backup_vault.${vid}.`));
      const copyRegion = copyVault ? regionOf(copyVault[1]) : region;
      add(`AWS Backup ${id}: copy of ${backedUpGb} GB in ${copyRegion}`, copyRegion, backedUpGb, prices(copyRegion).rdsBackupGbMonth);
      add(`AWS Backup ${id}: copy transfer to ${copyRegion}`, region, backedUpGb, prices(region).crossRegionTransferGb);
    }
  }
  const buckets = all("aws_s3_bucket").length;
  add(`S3: ${buckets} bucket(s) × ${USAGE.bucketGb} GB (usage)`, defaultRegion, buckets * USAGE.bucketGb, prices(defaultRegion).s3StandardGbMonth);
  const repositories = all("aws_ecr_repository");
  if (repositories.length) {
    const kept = config.ecr.keepLastImages;
    add(`ECR: ${repositories.length} repositories × ${kept} images × ${USAGE.imageGb} GB (usage)`, defaultRegion, repositories.length * kept * USAGE.imageGb, GLOBAL_PRICES.ecrStorageGbMonth);
  }
  // Keys, DNS, secrets, edge
  const keysByAccount = new Map<string, number>();
  for (const [, r] of all("aws_kms_key")) {
    const owner = resourceAccount(config, stackName, stack, r);
    keysByAccount.set(owner, (keysByAccount.get(owner) ?? 0) + 1);
  }
  for (const [owner, keys] of keysByAccount) add(`KMS: ${keys} key(s)`, defaultRegion, keys, GLOBAL_PRICES.kmsKeyMonth, owner);
  add(`Route 53: ${all("aws_route53_zone").length} hosted zone(s)`, "global", all("aws_route53_zone").length, GLOBAL_PRICES.route53ZoneMonth);
  const secrets = all("aws_secretsmanager_secret").length + managedSecrets;
  add(`Secrets Manager: ${secrets} secret(s) (incl. ${managedSecrets} RDS-managed)`, defaultRegion, secrets, GLOBAL_PRICES.secretMonth);
  for (const [id, r] of all("aws_wafv2_web_acl")) {
    add(`WAF ${id}`, regionOf(r), 1, GLOBAL_PRICES.wafWebAclMonth);
    add(`WAF ${id}: ${(r.rule ?? []).length} rule(s)`, regionOf(r), (r.rule ?? []).length, GLOBAL_PRICES.wafRuleMonth);
    add(`WAF ${id} requests (usage)`, regionOf(r), USAGE.wafMillionRequests[tier], GLOBAL_PRICES.wafMillionRequests);
  }
  for (const [id, r] of all("aws_apigatewayv2_api")) add(`API Gateway ${id} requests (usage)`, regionOf(r), USAGE.httpApiMillionRequests[tier], GLOBAL_PRICES.httpApiMillionRequests);
  // Observability
  add(`CloudWatch: ${all("aws_cloudwatch_metric_alarm").length} alarm(s)`, defaultRegion, all("aws_cloudwatch_metric_alarm").length, GLOBAL_PRICES.alarmMonth);
  add("CloudWatch dashboards beyond the free 3", defaultRegion, Math.max(0, all("aws_cloudwatch_dashboard").length - FREE_DASHBOARDS), GLOBAL_PRICES.dashboardMonth);
  if (account.role === "workload") add("CloudWatch Logs ingestion (usage)", defaultRegion, USAGE.logsGb[tier], prices(defaultRegion).logsIngestedGb);
  const filters = all("aws_cloudwatch_log_metric_filter").length;
  add(`CloudWatch: ${filters} metric filter metric(s) (custom metrics, priced as if active all month)`, defaultRegion, filters, GLOBAL_PRICES.customMetricMonth);
  for (const [id, r] of all("aws_cloudtrail")) {
    if (!r.cloud_watch_logs_group_arn) continue;
    const accounts = r.is_organization_trail ? config.accounts.filter((a) => a.enabled).length : 1;
    const gb = (accounts * USAGE.trailEventsPerAccountPerDay * (365 / 12) * USAGE.trailEventKb) / 1024 / 1024;
    add(`CloudTrail ${id} → CloudWatch Logs: ${accounts} account(s) × ${USAGE.trailEventsPerAccountPerDay / 1000}k events/day (usage)`, regionOf(r), gb, prices(regionOf(r)).logsIngestedGb);
  }
  // Detective controls, billed to each account they run in (every account: Config through its own stack's recorders,
  // GuardDuty and Security Hub through the organization's auto-enrolment)
  const recorders = all("aws_config_configuration_recorder");
  if (recorders.length) {
    const workloadTier = account.role === "workload" ? tier : undefined;
    for (const [, r] of recorders) {
      const region = regionOf(r);
      const own = region === account.region;
      const items = own ? (workloadTier ? USAGE.configItems.workload[workloadTier] : USAGE.configItems.other) : USAGE.configItems.otherRegion;
      add(`AWS Config: ${items} configuration items (usage)`, region, items, GLOBAL_PRICES.configItem);
      if (config.security.conformancePack === "cis" && account.role !== "management") {
        add(`AWS Config: CIS conformance pack, ${USAGE.conformancePackEvaluations} rule evaluations (usage)`, region, USAGE.conformancePackEvaluations, GLOBAL_PRICES.conformancePackEvaluation);
      }
      const checks = own ? USAGE.securityHubChecks.ownRegion : USAGE.securityHubChecks.otherRegion;
      add(`Security Hub: ${checks} security checks (usage)`, region, checks, GLOBAL_PRICES.securityHubCheck);
    }
    const events = (USAGE.trailEventsPerAccountPerDay * 365) / 12 / 1e6;
    add(`GuardDuty: ${round2(events)} million management events (usage)`, defaultRegion, events, GLOBAL_PRICES.guardDutyMillionManagementEvents);
    if (workloadTier) {
      add("GuardDuty: VPC flow and DNS logs (usage)", defaultRegion, USAGE.guardDutyFlowAndDnsLogGb[workloadTier], GLOBAL_PRICES.guardDutyFlowAndDnsLogGb);
      if (config.security.guardDuty.s3Protection) {
        add("GuardDuty: S3 data events (usage)", defaultRegion, USAGE.guardDutyS3DataEventsMillion[workloadTier], GLOBAL_PRICES.guardDutyMillionS3DataEvents);
      }
    }
  }
  for (const [id, r] of all("aws_accessanalyzer_analyzer")) {
    if (r.type !== "ORGANIZATION_UNUSED_ACCESS") continue;
    const principals = Object.values(allStacks).reduce((n, s) => n + Object.keys(s.resource?.aws_iam_role ?? {}).length + Object.keys(s.resource?.aws_iam_user ?? {}).length, 0);
    add(`Access Analyzer ${id}: ${principals} IAM roles and users`, regionOf(r), principals, GLOBAL_PRICES.unusedAccessRoleOrUser, resourceAccount(config, stackName, stack, r));
  }
  return lines;
}

/** Cost per account (in the config's order) and in total. */
export function estimateCost(config: OrgConfig, stacks: Record<string, Json>): { accounts: AccountCost[]; totalUsd: number } {
  const byAccount = new Map<string, AccountCost>();
  // A line counts for the account its resource lives in (a stack may reach into another account).
  for (const [name, stack] of Object.entries(stacks)) {
    for (const line of stackCostLines(config, name, stack, stacks)) {
      const account = accountByName(config, line.account);
      const entry = byAccount.get(account.name) ?? { account: account.name, tier: account.tier, usd: 0, lines: [] };
      byAccount.set(account.name, { ...entry, lines: [...entry.lines, line], usd: entry.usd + line.usd });
    }
  }
  const order = config.accounts.map((a) => a.name);
  const accounts = [...byAccount.values()].sort((a, b) => order.indexOf(a.account) - order.indexOf(b.account));
  return { accounts, totalUsd: accounts.reduce((s, a) => s + a.usd, 0) };
}
