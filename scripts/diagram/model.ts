/**
 * The organization as a Mermaid flowchart: accounts grouped by OU with what their stacks hold, and the assume-role
 * edges — which identity group or CI role may enter which account, as which roles. Edges come from the identity
 * policies landing-zone writes (stacks/access.ts); diagram.test.ts proves with the IAM simulator, against the trust
 * policies in the synthesized JSON, that they are exactly the roles each principal can assume.
 */
import { ciRoleName, identityAccount, namePrefix, roleArn, type Account, type OrgConfig } from "../../config";
import type { PolicyStatement } from "../../modules/lib/policy";
import { ciMainPlanPolicy, ciPlanPolicy, ciPolicy, ciSubject, ciTiers, groupAssumeStatements, identityCenterAssignments, mainBranchSubject, pullRequestSubject } from "../../stacks/access";
import { resourceAccount } from "../cost/model";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface DiagramPrincipal {
  /** Mermaid node id. */
  readonly id: string;
  readonly label: string;
  readonly kind: "human-group" | "machine-group" | "ci";
  /** Group name or CI role name (without the org prefix). */
  readonly name: string;
  /** Role ARNs its identity policy lets it assume. */
  readonly assumableRoleArns: string[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly account: string;
  /** Role names in that account (without the org prefix), sorted. */
  readonly roles: string[];
}

export interface Diagram {
  readonly principals: DiagramPrincipal[];
  readonly edges: DiagramEdge[];
  readonly mermaid: string;
}

const nodeId = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");

function assumableRoles(statements: PolicyStatement[]): string[] {
  return statements
    .filter((s) => s.Effect === "Allow" && [s.Action].flat().includes("sts:AssumeRole"))
    .flatMap((s) => [s.Resource ?? []].flat() as string[])
    .sort();
}

/** Every principal that can enter accounts: identity groups and the GitHub Actions roles. */
export function diagramPrincipals(config: OrgConfig): DiagramPrincipal[] {
  const identityCenter = config.identity.provider === "identity-center";
  const assignments = identityCenter ? identityCenterAssignments(config) : [];
  const groups = config.identity.groups.map((g) => {
    const throughIdentityCenter = identityCenter && g.kind === "human";
    return {
      id: nodeId(`group_${g.name}`),
      label: throughIdentityCenter
        ? `group ${g.name}<br/>humans, IAM Identity Center permission sets`
        : `group ${g.name}<br/>${g.kind === "human" ? "humans, MFA" : "machine users"} in ${identityAccount(config).name}`,
      kind: g.kind === "human" ? ("human-group" as const) : ("machine-group" as const),
      name: g.name,
      // A permission set is drawn like the role of the same name it mirrors in that account.
      assumableRoleArns: throughIdentityCenter
        ? assignments.filter((a) => a.group === g.name).map((a) => roleArn(config, a.accountId, a.permissionSet)).sort()
        : assumableRoles(groupAssumeStatements(config, g.name)),
    };
  });
  const ci = (purpose: Parameters<typeof ciRoleName>[1], subject: string, policy: PolicyStatement[]) => {
    const name = ciRoleName(config, purpose).slice(config.organization.name.length + 1);
    return {
      id: nodeId(`ci_${purpose}`),
      label: `GitHub Actions ${name}<br/>${subject.replace(/^repo:[^:]+:/, "")}`,
      kind: "ci" as const,
      name,
      assumableRoleArns: assumableRoles(policy),
    };
  };
  return [
    ...groups,
    ...ciTiers(config).map((t) => ci(t, ciSubject(config, t), ciPolicy(config, t))),
    ci("main-plan", mainBranchSubject(config), ciMainPlanPolicy(config)),
    ...(config.ci.planOnPullRequest ? [ci("plan", pullRequestSubject(config), ciPlanPolicy(config))] : []),
  ];
}

/** Principal → account edges, one per pair, labelled with the roles. */
export function diagramEdges(config: OrgConfig, principals: DiagramPrincipal[]): DiagramEdge[] {
  const byId = new Map(config.accounts.filter((a) => a.id).map((a) => [a.id!, a]));
  const prefix = namePrefix(config);
  const edges: DiagramEdge[] = [];
  for (const p of principals) {
    const roles = new Map<string, Set<string>>();
    for (const arn of p.assumableRoleArns) {
      const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(arn);
      const account = m && byId.get(m[1]);
      if (!m || !account) throw new Error(`${p.name} may assume ${arn}, which is in no account of the config`);
      roles.set(account.name, (roles.get(account.name) ?? new Set()).add(m[2].startsWith(prefix) ? m[2].slice(prefix.length) : m[2]));
    }
    const order = config.accounts.map((a) => a.name);
    for (const [account, names] of [...roles].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))) {
      edges.push({ from: p.id, account, roles: [...names].sort() });
    }
  }
  return edges;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;


/** A short list of what an account's stacks hold, read from the synthesized JSON. */
export function accountHoldings(config: OrgConfig, account: Account, stacks: Record<string, Json>): string[] {
  const all = (type: string): [string, Json][] =>
    Object.entries(stacks).flatMap(([name, s]) =>
      Object.entries((s.resource?.[type] ?? {}) as Record<string, Json>).filter(([, r]) => resourceAccount(config, name, s, r) === account.name),
    );
  const n = (type: string) => all(type).length;
  const out: string[] = [];
  if (n("aws_organizations_organization")) {
    const policies = all("aws_organizations_policy");
    const scps = policies.filter(([, p]) => p.type === "SERVICE_CONTROL_POLICY").length;
    const rcps = policies.filter(([, p]) => p.type === "RESOURCE_CONTROL_POLICY").length;
    out.push(`organization, ${count(scps, "SCP")}${rcps ? `, ${count(rcps, "RCP")}` : ""}`);
  }
  if (n("aws_cloudtrail")) out.push("organization trail");
  const analyzers = all("aws_accessanalyzer_analyzer");
  const external = analyzers.filter(([, a]) => a.type === "ORGANIZATION").length;
  if (external) out.push(`Access Analyzer in ${count(external, "region")}`);
  if (n("aws_guardduty_organization_admin_account")) out.push("designates the security administrator");
  if (n("aws_guardduty_organization_configuration")) {
    out.push(`security administrator: GuardDuty (${count(n("aws_guardduty_organization_configuration"), "region")}), Security Hub, Config aggregator`);
  }
  if (analyzers.some(([, a]) => a.type === "ORGANIZATION_UNUSED_ACCESS")) out.push("unused-access analyzer");
  if (n("aws_config_configuration_recorder")) out.push(`AWS Config in ${count(n("aws_config_configuration_recorder"), "region")}`);
  if (n("aws_cloudwatch_log_metric_filter")) out.push(`${n("aws_cloudwatch_log_metric_filter")} CIS alarms on the trail`);
  if (n("aws_iam_user")) out.push(`${count(n("aws_iam_user"), "IAM user")} in ${count(n("aws_iam_group"), "group")}`);
  if (n("aws_ssoadmin_permission_set")) {
    out.push(`Identity Center: ${count(n("aws_ssoadmin_permission_set"), "permission set")}, ${count(n("aws_ssoadmin_account_assignment"), "assignment")}`);
  }
  if (all("aws_s3_bucket").some(([id]) => id === "state_bucket")) out.push("Terraform state + lock table");
  if (n("aws_iam_openid_connect_provider")) out.push(`GitHub OIDC + ${count(all("aws_iam_role").filter(([id]) => id.startsWith("ci_")).length, "CI role")}`);
  if (all("aws_s3_bucket").some(([id]) => id === "audit_archive")) out.push("audit-log archive (Object Lock)");
  if (n("aws_ecr_repository")) out.push(`ECR ×${n("aws_ecr_repository")}`);
  const zones = all("aws_route53_zone").map(([, z]) => z.name as string);
  if (zones.length) out.push(`zone ${zones.join(", ")}`);
  const appSubnets = all("aws_subnet").filter(([id]) => id.includes("_app_")).length;
  if (n("aws_vpc")) out.push(`VPC, compute in ${count(appSubnets, "AZ")}`);
  if (n("aws_lb")) out.push(`ALB${n("aws_wafv2_web_acl") ? " + WAF" : ""}${n("aws_cloudfront_distribution") ? " + CloudFront" : ""}${n("aws_apigatewayv2_api") ? " + API Gateway" : ""}`);
  if (n("aws_ecs_service")) out.push(`ECS Fargate ×${n("aws_ecs_service")}`);
  if (n("aws_eks_cluster")) out.push(`EKS, ${count(n("aws_eks_node_group"), "node group")}`);
  const primary = all("aws_db_instance").find(([, d]) => !d.replicate_source_db)?.[1];
  const replicas = all("aws_db_instance").filter(([, d]) => d.replicate_source_db).length;
  if (primary) out.push(`PostgreSQL ${primary.instance_class}${primary.multi_az ? " Multi-AZ" : ""}${replicas ? ` + ${count(replicas, "replica")}` : ""}`);
  for (const [, r] of all("aws_elasticache_replication_group")) out.push(`Redis ${r.node_type} ×${r.num_cache_clusters}`);
  const docdb = all("aws_docdb_cluster_instance");
  if (docdb.length) out.push(`DocumentDB ${docdb[0][1].instance_class} ×${docdb.length}`);
  if (n("aws_backup_plan")) out.push(`backups${n("aws_backup_vault") > 1 ? " + cross-region copy" : ""}`);
  if (n("aws_s3_bucket_replication_configuration")) out.push("S3 replication source");
  if (all("aws_iam_role").some(([id]) => id.startsWith("state_access_")) && !out.includes("Terraform state + lock table")) out.push("Terraform state");
  return out;
}

/** The Mermaid flowchart of a config. */
export function buildDiagram(config: OrgConfig, stacks: Record<string, Json>): Diagram {
  const principals = diagramPrincipals(config);
  const edges = diagramEdges(config, principals);
  const lines = ["flowchart LR"];
  const enabled = config.accounts.filter((a) => a.enabled);
  const accountNode = (a: Account) => {
    const holds = accountHoldings(config, a, stacks);
    return `${nodeId(`acct_${a.name}`)}["<b>${a.name}</b><br/>${a.role}, ${a.tier} · ${a.id ?? "no id yet"} · ${a.region}${holds.map((h) => `<br/>· ${h}`).join("")}"]`;
  };
  const root = enabled.filter((a) => a.ou === null);
  lines.push(`  subgraph root["organization root"]`, ...root.map((a) => `    ${accountNode(a)}`));
  const ous = [...new Set(enabled.filter((a) => a.ou !== null).map((a) => a.ou!))];
  for (const ou of ous) {
    lines.push(`    subgraph ${nodeId(`ou_${ou}`)}["OU ${ou}"]`, ...enabled.filter((a) => a.ou === ou).map((a) => `      ${accountNode(a)}`), "    end");
  }
  lines.push("  end");
  for (const p of principals) lines.push(p.kind === "ci" ? `  ${p.id}{{"${p.label}"}}` : `  ${p.id}(["${p.label}"])`);
  for (const e of edges) lines.push(`  ${e.from} -->|${e.roles.join(", ")}| ${nodeId(`acct_${e.account}`)}`);
  return { principals, edges, mermaid: lines.join("\n") };
}

/** The Markdown file `npm run diagram` writes for a config. */
export function diagramMarkdown(configFile: string, diagram: Diagram): string {
  return [
    `# Accounts of \`${configFile}\``,
    "",
    "Generated by `npm run diagram` from the config and the synthesized stacks; a test fails when it is stale.",
    "Accounts by OU with what their stacks hold; arrows: which identity group or GitHub Actions role may assume which",
    "roles in which account (exactly what the policies allow, checked with the IAM simulator in `scripts/diagram/diagram.test.ts`).",
    "",
    "```mermaid",
    diagram.mermaid,
    "```",
    "",
  ].join("\n");
}
