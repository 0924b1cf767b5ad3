import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig, shippedConfigFiles } from "../config";
import { onlineDependencies } from "./offline";
import { applyOrder } from "./app";
import { resources, synthConfig, synthConfigFile, synthYaml, type StackJson } from "../test/testing";

const DEFAULT = "config/set.yaml";
/** ALB access logs can only be delivered to SSE-S3 buckets (AWS limitation; CKV_AWS_145 skip reason in .checkov.yaml). */
const SSE_S3_ONLY_BUCKETS = ["alb_logs", "s3_access_logs"];

describe("default config (S.E.T) synth", () => {
  const stacks = synthConfigFile(DEFAULT);
  const config = loadConfigFile(DEFAULT);

  it("has one stack per enabled account plus the state-backend stack", () => {
    const enabled = config.accounts.filter((a) => a.enabled).map((a) => a.name);
    expect(Object.keys(stacks).sort()).toEqual(["state-backend", ...enabled].sort());
    expect(Object.keys(stacks)).not.toContain("set-prod-il");
  });

  it("lists stacks in apply order: state backend → management → shared services → nonprod → prod", () => {
    expect(applyOrder(config)).toEqual(["state-backend", "management", "shared-services", "set-nonprod", "set-prod-eu"]);
  });

  it("gives every stack its own S3 backend key under stacks/, in the shared state bucket, through its tier's state role", () => {
    const expectedTier: Record<string, string> = {
      "state-backend": "prod", management: "prod", "shared-services": "prod", "set-nonprod": "nonprod", "set-prod-eu": "prod",
    };
    const keys = Object.entries(stacks).map(([name, json]) => {
      const s3 = json.terraform.backend.s3;
      expect(s3).toEqual({
        bucket: "set-tfstate-222222222222",
        key: `stacks/${name}/terraform.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:222222222222:alias/set-tfstate",
        dynamodb_table: "set-tflock",
        assume_role: { role_arn: `arn:aws:iam::222222222222:role/set-tfstate-${expectedTier[name]}`, session_name: `landing-zone-state-${name}` },
      });
      return s3.key;
    });
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("pins every provider to its own account: assume the deploy role there, allowed_account_ids = that account", () => {
    for (const [name, json] of Object.entries(stacks)) {
      const account = config.accounts.find((a) => a.name === (name === "state-backend" ? "shared-services" : name))!;
      const providers = json.provider.aws as { alias?: string; allowed_account_ids: string[]; assume_role: { role_arn: string }[]; region: string }[];
      expect(providers.length).toBeGreaterThan(0);
      const main = providers.find((p) => !p.alias)!;
      expect(main.allowed_account_ids).toEqual([account.id]);
      expect(main.assume_role).toEqual([{ role_arn: `arn:aws:iam::${account.id}:role/set-terraform-deploy`, session_name: `landing-zone-${name}` }]);
      expect(main.region).toBe(account.region);
    }
  });

  it("tags every resource through provider default_tags", () => {
    expect(stacks["set-nonprod"].provider.aws[0].default_tags).toEqual([
      { tags: { project: "set", "managed-by": "landing-zone", "lz:account": "set-nonprod", "lz:tier": "nonprod", "lz:stack": "set-nonprod" } },
    ]);
  });

  it("management stack creates the organization, one OU per tier/role and every enabled member account", () => {
    const m = stacks.management.resource;
    expect(m.aws_organizations_organization.organization.feature_set).toBe("ALL");
    expect(Object.values(m.aws_organizations_organizational_unit).map((ou) => (ou as { name: string }).name).sort()).toEqual(["infrastructure", "nonprod", "prod"]);
    const accounts = m.aws_organizations_account as Record<string, { name: string; parent_id: string; close_on_deletion: boolean; lifecycle: object }>;
    expect(Object.keys(accounts).sort()).toEqual(["set-nonprod", "set-prod-eu", "shared-services"]);
    expect(accounts["set-prod-eu"].parent_id).toBe("${aws_organizations_organizational_unit.prod.id}");
    for (const a of Object.values(accounts)) {
      expect(a.close_on_deletion).toBe(false);
      expect(a.lifecycle).toMatchObject({ prevent_destroy: true });
    }
  });

  it("shared-services stack holds the ECR repositories and the parent zone", () => {
    const s = stacks["shared-services"].resource;
    expect(Object.values(s.aws_ecr_repository).map((r) => (r as { name: string }).name).sort()).toEqual(["nonprod/set/api", "nonprod/set/workers", "set/api", "set/workers"]);
    expect(s.aws_route53_zone.parent_zone.name).toBe("binarynetworks.ai");
  });
});

describe("phase 2 of S.E.T", () => {
  it("enabling set-prod-il adds a prod-sized stack in il-central-1", () => {
    const yaml = readFileSync(DEFAULT, "utf8")
      .replace("enabled: false                      # phase 2", "enabled: true")
      .replace("    region: il-central-1\n", '    region: il-central-1\n    id: "555555555555"\n');
    const stacks = synthYaml(yaml);
    const il = stacks["set-prod-il"];
    expect(il.provider.aws[0].region).toBe("il-central-1");
    expect(Object.keys(il.resource.aws_subnet)).toHaveLength(9);
    expect(Object.values(il.resource.aws_subnet).map((s) => (s as { availability_zone: string }).availability_zone)).toContain("il-central-1c");
    expect(Object.keys(il.resource.aws_nat_gateway)).toHaveLength(3);
    expect(Object.keys(stacks.management.resource.aws_organizations_account)).toContain("set-prod-il");
  });
});

describe("synth of some stacks (npm run state synthesizes only the stack it opens)", () => {
  it.each(["config/set.yaml", "config/examples/eurus.yaml"])("%s: each stack alone is exactly that stack of the whole", (file) => {
    const config = loadConfigFile(file);
    const whole = synthConfigFile(file);
    expect(Object.keys(whole)).toEqual(applyOrder(config));
    for (const stack of applyOrder(config)) {
      const alone = synthConfig(config, { only: [stack] });
      expect(Object.keys(alone), stack).toEqual([stack]);
      expect(alone[stack], stack).toEqual(whole[stack]);
    }
  });
});

describe("bootstrap synth", () => {
  const stacks = synthConfigFile(DEFAULT, { bootstrap: true });

  it("puts every stack on local state outside cdktf.out/ (bootstrap-state/<stack>/; pushed into the bucket once it exists)", () => {
    expect(Object.keys(stacks).sort()).toEqual(["management", "set-nonprod", "set-prod-eu", "shared-services", "state-backend"]);
    for (const [name, json] of Object.entries(stacks)) {
      expect(json.terraform.backend).toEqual({ local: { path: `../../../bootstrap-state/${name}/terraform.tfstate` } });
    }
  });

  it("uses the operator's credentials in management and OrganizationAccountAccessRole in members", () => {
    expect(stacks.management.provider.aws[0].assume_role).toBeUndefined();
    expect(stacks["state-backend"].provider.aws[0].assume_role).toEqual([
      { role_arn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", session_name: "landing-zone-state-backend" },
    ]);
    expect(stacks["set-nonprod"].provider.aws[0].assume_role[0].role_arn).toBe("arn:aws:iam::333333333333:role/OrganizationAccountAccessRole");
  });

  it("delegates each zone through OrganizationAccountAccessRole of the parent zone's account (the delegation roles come later)", () => {
    const dns = stacks["set-nonprod"].provider.aws.find((p: StackJson) => p.alias === "dns");
    expect(dns.assume_role[0].role_arn).toBe("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole");
    expect(dns.allowed_account_ids).toEqual(["222222222222"]);
    expect(resources(stacks["set-nonprod"], "aws_route53_record").delegation).toMatchObject({ type: "NS", zone_id: "Z00000000000SETAPEX", provider: "aws.dns" });
  });

  it("withholds a workload stack until its parent zone's id is known (its certificates could not validate)", () => {
    const firstPass = synthYaml(readFileSync(DEFAULT, "utf8").replace(/\n\s*dnsZoneId: .*/, ""), { bootstrap: true });
    expect(Object.keys(firstPass).sort()).toEqual(["management", "shared-services", "state-backend"]);
    expect(() => parseConfig(readFileSync(DEFAULT, "utf8").replace(/\n\s*dnsZoneId: .*/, ""), "x.yaml")).toThrow(
      /x\.yaml:8:3: organization: organization\.dnsZoneId is required: the zones of set-nonprod, set-prod-eu are delegated from binarynetworks\.ai/,
    );
  });

  it("before the ids are known: only the management stack, holding only the organization and the accounts", () => {
    const yaml = readFileSync("config/test-fixtures/valid-minimal.yaml", "utf8").replace(/\n {4}id: "10000000000[1234]"/g, "");
    const stacks = synthYaml(yaml, { bootstrap: true });
    expect(Object.keys(stacks)).toEqual(["management"]);
    expect(Object.keys(stacks.management.resource).sort()).toEqual(["aws_organizations_account", "aws_organizations_organization", "aws_organizations_organizational_unit"]);
    expect(() => parseConfig(yaml, "x.yaml")).toThrow(/has no id/);
  });

  it("member ids without the management account's or the sign-in account's (every member stack trusts them): the organization alone, as before any id", () => {
    const withoutManagementId = synthYaml(readFileSync(DEFAULT, "utf8").replace('id: "111111111111"', ""), { bootstrap: true });
    expect(Object.keys(withoutManagementId)).toEqual(["management"]);
    // (il-central-1 is an opt-in region: the organization enables it)
    expect(Object.keys(withoutManagementId.management.resource).sort()).toEqual(["aws_account_region", "aws_organizations_account", "aws_organizations_organization", "aws_organizations_organizational_unit"]);
    const empc = readFileSync("config/examples/empc.yaml", "utf8");
    expect(empc).toMatch(/- \{ name: state, role: identity, .*, id: "620000000002" \}/);
    expect(Object.keys(synthYaml(empc.replace(', id: "620000000002"', ""), { bootstrap: true }))).toEqual(["management"]);
    // A new state account (adopting an organization): the members that have ids are synthesized, as they were.
    const eurus = readFileSync("config/examples/eurus.yaml", "utf8");
    expect(eurus).toContain(', id: "840000000003", existing: true');
    expect(Object.keys(synthYaml(eurus.replace(', id: "840000000003", existing: true', ""), { bootstrap: true }))).toContain("eurus-dev");
  });
});

describe.each(shippedConfigFiles())("invariants of %s", (file) => {
  const stacks = synthConfigFile(file);

  it("no certificate waits on validation without its zone's NS delegation in place (normal and bootstrap synth)", () => {
    const bootstrap = synthConfigFile(file, { bootstrap: true });
    const checked = Object.entries({ ...stacks, ...Object.fromEntries(Object.entries(bootstrap).map(([k, v]) => [`${k} (bootstrap)`, v])) }).flatMap(([name, json]) =>
      Object.entries(resources(json, "aws_acm_certificate_validation")).map(([id, validation]) => {
        const delegation = resources(json, "aws_route53_record").delegation;
        expect(delegation, `${name}: ${id} validates through a zone nobody delegated`).toMatchObject({ type: "NS", provider: "aws.dns" });
        expect(validation.depends_on, `${name}: ${id}`).toContain("aws_route53_record.delegation");
        return id;
      }),
    );
    expect(checked.length).toBeGreaterThan(0);
  });

  it("no stack reads another's state or calls AWS at plan time (only local data sources)", () => {
    for (const [name, json] of Object.entries(stacks)) {
      expect(onlineDependencies(json), name).toEqual([]);
      expect(JSON.stringify(json), name).not.toContain("terraform_remote_state");
    }
  });

  it("every S3 bucket is private, versioned, encrypted (KMS unless AWS's log delivery forbids it), TLS-only and protected", () => {
    for (const [name, json] of Object.entries(stacks)) {
      const r = json.resource ?? {};
      for (const [id, bucket] of Object.entries((r.aws_s3_bucket ?? {}) as Record<string, { bucket: string; force_destroy: boolean; lifecycle: object }>)) {
        const where = `${name}: aws_s3_bucket.${id}`;
        expect(bucket.force_destroy, where).toBe(false);
        expect(bucket.lifecycle, where).toMatchObject({ prevent_destroy: true });
        expect(r.aws_s3_bucket_public_access_block?.[id], where).toMatchObject({
          block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
        });
        expect(r.aws_s3_bucket_versioning?.[id]?.versioning_configuration, where).toEqual({ status: "Enabled" });
        expect(r.aws_s3_bucket_server_side_encryption_configuration?.[id]?.rule[0].apply_server_side_encryption_by_default.sse_algorithm, where).toBe(
          SSE_S3_ONLY_BUCKETS.includes(id) ? "AES256" : "aws:kms",
        );
        const policy = JSON.parse(r.aws_s3_bucket_policy?.[id]?.policy ?? "{}");
        expect(policy.Statement, where).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
        // CKV_AWS_18: every bucket but the access-log bucket itself sends its server access logs there.
        if (id === "s3_access_logs") expect(r.aws_s3_bucket_logging?.[id], where).toBeUndefined();
        else expect(r.aws_s3_bucket_logging?.[id], where).toMatchObject({ target_bucket: `${json.resource.aws_s3_bucket.s3_access_logs.bucket}`, target_prefix: `${bucket.bucket}/` });
      }
    }
  });

  it("every KMS key rotates (AWS cannot rotate the asymmetric DNSSEC signing keys), has a 30-day deletion window and is protected", () => {
    for (const [name, json] of Object.entries(stacks)) {
      type Key = { enable_key_rotation: boolean; deletion_window_in_days: number; lifecycle: object; policy: string; customer_master_key_spec?: string };
      for (const [id, key] of Object.entries((json.resource?.aws_kms_key ?? {}) as Record<string, Key>)) {
        const signing = key.customer_master_key_spec === "ECC_NIST_P256";
        expect(signing, `${name} ${id}`).toBe(id.endsWith("_dnssec"));
        expect([name, id, key.enable_key_rotation, key.deletion_window_in_days]).toEqual([name, id, !signing, 30]);
        expect(key.lifecycle).toMatchObject({ prevent_destroy: true });
        expect(JSON.parse(key.policy).Statement.some((s: { Effect: string; Principal?: unknown }) => s.Effect === "Allow" && s.Principal === "*")).toBe(false); // a Deny to everyone but a list is fine
      }
    }
  });
});

describe.each(shippedConfigFiles())("account-wide defaults of %s", (file) => {
  const config = loadConfigFile(file);
  const stacks = synthConfigFile(file);
  it.each(config.accounts.filter((a) => a.enabled).map((a) => a.name))("%s blocks public S3, encrypts EBS and requires IMDSv2 in every allowed region", (name) => {
    const s = stacks[name];
    expect(Object.keys(resources(s, "aws_s3_account_public_access_block"))).toEqual(["s3_account_public_access_block"]);
    const regionOf = (r: StackJson) => (r.provider ? s.provider.aws.find((p: StackJson) => `aws.${p.alias}` === r.provider).region : s.provider.aws.find((p: StackJson) => !p.alias).region);
    for (const type of ["aws_ebs_encryption_by_default", "aws_ec2_instance_metadata_defaults"]) {
      const all = Object.values(resources(s, type));
      expect(all.map(regionOf).sort(), type).toEqual([...config.organization.allowedRegions].sort());
    }
    for (const imds of Object.values(resources(s, "aws_ec2_instance_metadata_defaults"))) expect(imds.http_tokens).toBe("required");
  });
});
