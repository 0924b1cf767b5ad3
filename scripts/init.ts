/**
 * npm run init -- --from <example.yaml> --org <name> --domain <dns domain> --github <owner/repo>
 *                 [--regions <home>,<other>…] [--email-domain <domain>] [--out <file>]
 * Starts your own organization from a shipped example: writes a new config with the organization's name, DNS domain,
 * regions, GitHub repository and account e-mails replaced and the example's account and zone ids taken out (they are
 * the example's, not yours: you fill them in as the bootstrap creates the accounts), points cdktf.json's
 * `landingZone:config` at it, and prints the next steps. Refuses to overwrite an existing file; writes nothing when the
 * result would not load.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";
import { CONFIG_SETTING, parseConfig, placeholderAccountId, placeholderZoneId, SETTINGS_FILE } from "../config";
import { exitOnKnownError, isEntryPoint, UsageError } from "../cli";

export interface InitOptions {
  readonly from: string;
  readonly org: string;
  readonly domain: string;
  /** owner/repo of the GitHub repository that deploys. */
  readonly github: string;
  /** The regions to use, home first; the example's regions map onto them in order. @default the example's */
  readonly regions?: string[];
  /** Account root e-mails keep their local part and get this domain. @default `domain` */
  readonly emailDomain?: string;
  /** @default config/<org>.yaml */
  readonly out?: string;
}

const USAGE =
  "usage: npm run init -- --from <example.yaml> --org <name> --domain <dns domain> --github <owner/repo> [--regions <home>,<other>…] [--email-domain <domain>] [--out <file>]";

export function parseInitArgs(argv: string[]): InitOptions {
  const values: Record<string, string> = {};
  const known = ["--from", "--org", "--domain", "--github", "--regions", "--email-domain", "--out"];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!known.includes(flag)) throw new UsageError(`unknown argument "${argv[i]}"; ${USAGE}`);
    const value = inline ?? argv[++i];
    if (!value || value.startsWith("--")) throw new UsageError(`${flag} needs a value; ${USAGE}`);
    values[flag.slice(2)] = value;
  }
  for (const required of ["from", "org", "domain", "github"]) {
    if (!values[required]) throw new UsageError(`--${required} is required; ${USAGE}`);
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(values.github)) throw new UsageError(`--github must be owner/repo, got "${values.github}"`);
  return {
    from: values.from,
    org: values.org,
    domain: values.domain,
    github: values.github,
    regions: values.regions?.split(",").map((r) => r.trim()).filter(Boolean),
    emailDomain: values["email-domain"],
    out: values.out,
  };
}

/** Why a one-region config from `npm run init` has no cross-region backup copies (a comment in it). */
export const SINGLE_REGION_NOTE = "crossRegionCopy removed by npm run init: one region only. Add a second region to organization.allowedRegions and list it here to copy backups out of the region.";

/** Replaces every scalar equal to `from` below `node` (region lists, account regions, backup copy regions). */
function replaceScalars(node: unknown, map: Map<string, string>): void {
  if (isMap(node)) node.items.forEach((pair) => replaceScalars(pair.value, map));
  else if (isSeq(node)) node.items.forEach((item) => replaceScalars(item, map));
  else if (isScalar(node) && typeof node.value === "string" && map.has(node.value)) node.value = map.get(node.value)!;
}

/** The new config's text, from the example's, keeping its comments and layout. */
export function configFromExample(exampleText: string, options: InitOptions): string {
  const doc: Document = parseDocument(exampleText);
  const [owner, repo] = options.github.split("/");
  doc.setIn(["organization", "name"], options.org);
  doc.setIn(["organization", "dnsDomain"], options.domain);
  const zonePlaceholder = (value: string) => {
    const node = doc.createNode(value) as { comment?: string };
    node.comment = " placeholder: set the parent_zone_id the bootstrap prints for this zone";
    return node;
  };
  if (doc.hasIn(["organization", "dnsZoneId"])) doc.setIn(["organization", "dnsZoneId"], zonePlaceholder(placeholderZoneId("APEX")));
  if (doc.hasIn(["organization", "tags", "project"])) doc.setIn(["organization", "tags", "project"], options.org);
  doc.setIn(["ci", "github", "owner"], owner);
  doc.setIn(["ci", "github", "repo"], repo);
  if (options.regions?.length) {
    const exampleRegions = [doc.getIn(["organization", "homeRegion"]) as string, ...((doc.getIn(["organization", "allowedRegions"]) as { toJSON(): string[] }).toJSON())];
    const map = new Map<string, string>();
    for (const r of exampleRegions) if (!map.has(r)) map.set(r, options.regions[map.size % options.regions.length]);
    replaceScalars(doc.contents, map);
    doc.setIn(["organization", "homeRegion"], options.regions[0]);
    doc.setIn(["organization", "allowedRegions"], doc.createNode([...options.regions]));
    (doc.getIn(["organization", "allowedRegions"]) as { flow?: boolean }).flow = true;
    // With one region there is nowhere to copy backups to: the copies go, and the backup block says so.
    if (new Set(options.regions).size === 1) {
      for (const tier of ["nonprod", "prod"]) {
        const backup = doc.getIn(["tiers", tier, "backup"], true);
        const copies = isMap(backup) ? backup.get("crossRegionCopy", true) : undefined;
        if (!isMap(backup) || !isSeq(copies) || !copies.items.length) continue;
        backup.delete("crossRegionCopy");
        backup.commentBefore = `${backup.commentBefore ? `${backup.commentBefore}\n` : ""} ${SINGLE_REGION_NOTE}`;
        if (/cross-region/i.test(backup.comment ?? "")) backup.comment = undefined;
      }
    }
  }
  const emailDomain = options.emailDomain ?? options.domain;
  const accounts = doc.get("accounts") as { items: { get(k: string, keep?: boolean): unknown; set(k: string, v: unknown): void; delete(k: string): boolean }[] };
  accounts.items.forEach((account, i) => {
    const email = String(account.get("email"));
    account.set("email", `${email.split("@")[0]}@${emailDomain}`);
    if (account.get("id") !== undefined) {
      // Placeholders, unique so the config still loads; the management stack prints the real ids.
      const placeholder = doc.createNode(placeholderAccountId(i + 1)) as { comment?: string; type?: string };
      placeholder.type = "QUOTE_DOUBLE";
      placeholder.comment = " placeholder: set the id the management stack's account_ids output prints";
      account.set("id", placeholder);
    }
    const dns = account.get("dns", true);
    if (isMap(dns) && dns.has("zoneId")) dns.set("zoneId", zonePlaceholder(placeholderZoneId(String(i + 1))));
    // A new config starts a new organization: the example's adoption markers name its organization, not yours.
    account.delete("existing");
  });
  doc.deleteIn(["organization", "existing"]);
  for (const key of ["instanceArn", "identityStoreId"]) {
    const node = doc.getIn(["identity", "identityCenter", key], true) as { comment?: string } | undefined;
    if (node) node.comment = " placeholder: enable IAM Identity Center in the management account's console, then set its value here";
  }
  return doc.toString();
}

/**
 * `--out` as a path from the repository root: the setting in cdktf.json and the workflows name the config that way,
 * and CI only sees what is in the repository.
 */
function repositoryPath(root: string, out: string): string {
  const path = relative(resolve(root), resolve(root, out)).split(sep).join("/");
  if (!path || path.startsWith("../") || path === ".." || isAbsolute(path)) {
    throw new UsageError(`--out ${out}: the config must be inside the repository (CI reads the selected config from it), e.g. config/<org>.yaml`);
  }
  return path;
}

/** Writes the new config and points the repository's setting at it; returns the file written. */
export function initConfig(options: InitOptions, root = "."): string {
  const out = repositoryPath(root, options.out ?? join("config", `${options.org}.yaml`));
  if (existsSync(join(root, out))) throw new UsageError(`${out} exists already; init never overwrites a config (pick another --out)`);
  const from = isAbsolute(options.from) ? options.from : join(root, options.from);
  if (!existsSync(from) || !statSync(from).isFile()) throw new UsageError(`--from ${options.from}: no such file (start from config/set.yaml or one of config/examples/*.yaml)`);
  const text = configFromExample(readFileSync(from, "utf8"), options);
  parseConfig(text, out); // throws ConfigError (file:line:col) before anything is written
  mkdirSync(dirname(join(root, out)), { recursive: true });
  writeFileSync(join(root, out), text, { flag: "wx" });
  const settings = join(root, SETTINGS_FILE);
  const json = existsSync(settings) ? (JSON.parse(readFileSync(settings, "utf8")) as { context?: Record<string, unknown> }) : {};
  json.context = { ...(json.context ?? {}), [CONFIG_SETTING]: out };
  writeFileSync(settings, `${JSON.stringify(json, null, 2)}\n`);
  return out;
}

if (isEntryPoint("scripts/init.ts", module)) {
  try {
    const options = parseInitArgs(process.argv.slice(2));
    const out = initConfig(options);
    console.log(`wrote ${out} from ${options.from}; ${SETTINGS_FILE} now selects it (context["${CONFIG_SETTING}"]).`);
    console.log(`next:
  1. Read ${out}: account names and e-mails, tiers (sizes), identity groups and users, budgets, ECR repositories.
     The account and zone ids are placeholders: the bootstrap tells you the real ones as it creates them.
  2. npm run synth && npm test && npm run verify     (your config is now checked with the examples)
  3. npm run bootstrap (then --apply, with management credentials): the first deployment, step by step.`);
  } catch (error) {
    exitOnKnownError(error);
  }
}
