import { describe, expect, it } from "vitest";
import { combinedRoot, offlineProviders, planModule, providerFileOf, stackOfDiagnostic, stackPlan } from "./combined-plan";
import { OFFLINE_PROVIDER_SETTINGS } from "./terraform";

const tags = (stack: string) => [{ tags: { "lz:stack": stack, "managed-by": "landing-zone" } }];
const role = (account: string) => [{ role_arn: `arn:aws:iam::${account}:role/deploy` }];

describe("offline provider configurations of a combined plan", () => {
  const blocks = [
    { region: "eu-west-1", default_tags: tags("prod"), assume_role: role("111111111111"), allowed_account_ids: ["111111111111"] },
    // Another account's role in the same region: offline, no role is assumed, so it is the same configuration.
    { alias: "dns", region: "eu-west-1", default_tags: tags("prod"), assume_role: role("222222222222") },
    { alias: "us_east_1", region: "us-east-1", default_tags: tags("prod"), assume_role: role("111111111111") },
  ];

  it("gives each distinct region and settings one configuration, and maps every alias of the stack to it", () => {
    const { blocks: root, passed } = offlineProviders("set__prod", blocks);
    expect(root).toEqual([
      { alias: "set__prod__1", region: "eu-west-1", default_tags: tags("prod"), ...OFFLINE_PROVIDER_SETTINGS },
      { alias: "set__prod__2", region: "us-east-1", default_tags: tags("prod"), ...OFFLINE_PROVIDER_SETTINGS },
    ]);
    expect(passed).toEqual({ aws: "aws.set__prod__1", "aws.dns": "aws.set__prod__1", "aws.us_east_1": "aws.set__prod__2" });
  });

  it("keeps configurations apart that differ in anything but the role and the account guard (tags, a misspelt setting)", () => {
    const { blocks: root } = offlineProviders("m", [
      { region: "eu-west-1", default_tags: tags("a") },
      { alias: "b", region: "eu-west-1", default_tags: tags("b") },
      { alias: "c", region: "eu-west-1", default_tags: tags("a"), regoin: "eu-west-2" },
      { alias: "d", default_tags: tags("a"), region: "eu-west-1" }, // same settings, other key order: shared
    ]);
    expect(root.map((b) => (b as { alias: string }).alias)).toEqual(["m__1", "m__2", "m__3"]);
    expect(root[2]).toMatchObject({ regoin: "eu-west-2" });
  });

  it("plans a stack as a module without its provider blocks or backend, its aliases declared for the root to pass", () => {
    const stack = {
      terraform: { backend: { s3: { bucket: "b" } }, required_providers: { aws: { source: "aws", version: "5.100.0" } } },
      provider: { aws: blocks },
      resource: { aws_sqs_queue: { q: { name: "q", provider: "aws.dns" } } },
      output: { o: { value: "x" } },
    };
    expect(planModule(stack)).toEqual({
      terraform: { required_providers: { aws: { source: "aws", version: "5.100.0", configuration_aliases: ["aws.dns", "aws.us_east_1"] } } },
      resource: stack.resource,
      output: stack.output,
    });
  });

  it("writes the root: module blocks given their providers, one provider file per stack, outputs re-exported", () => {
    const { main, providerFiles } = combinedRoot([
      { config: "set", stack: "prod", moduleName: "set__prod", source: "../../set/stacks/prod/module", providers: blocks, outputs: { id: { sensitive: true } } },
      { config: "set", stack: "bare", moduleName: "set__bare", source: "mod" },
    ]);
    expect(main).toMatchObject({
      module: {
        set__prod: { source: "../../set/stacks/prod/module", providers: { aws: "aws.set__prod__1", "aws.dns": "aws.set__prod__1", "aws.us_east_1": "aws.set__prod__2" } },
        set__bare: { source: "./mod" },
      },
      output: { set__prod__id: { value: "${module.set__prod.id}", sensitive: true } },
    });
    expect((main as { module: Record<string, object> }).module.set__bare).not.toHaveProperty("providers");
    expect(Object.keys(providerFiles)).toEqual([providerFileOf("set__prod")]);
  });

  it("traces an error in a provider file to its stack, and cuts only the stack's own configurations out of the plan", () => {
    const stacks = [
      { config: "c", stack: "a", moduleName: "c__a", source: "a/module" },
      { config: "c", stack: "a2", moduleName: "c__a_2", source: "a2/module" },
    ];
    expect(stackOfDiagnostic({ severity: "error", summary: "Unsupported argument", range: { filename: providerFileOf("c__a_2") } }, stacks)?.stack).toBe("a2");
    expect(stackOfDiagnostic({ severity: "error", summary: "x", range: { filename: "a/module/main.tf.json" } }, stacks)?.stack).toBe("a");
    const plan = stackPlan(
      { configuration: { provider_config: { "aws.c__a__1": { name: "aws", alias: "c__a__1" }, "aws.c__a_2__1": { name: "aws", alias: "c__a_2__1" } }, root_module: {} } },
      "c__a",
    );
    expect(Object.keys(plan.configuration.provider_config)).toEqual(["aws.c__a__1"]);
  });
});
