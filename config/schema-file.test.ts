import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema, SCHEMA_FILE } from "./json-schema";
import { shippedConfigFiles } from "./shipped";

describe("config/schema.json", () => {
  it("is up to date with the zod schema (run npm run config:schema)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(configJsonSchema());
  });

  it("rejects unknown keys like the loader does", () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.accounts.items.additionalProperties).toBe(false);
  });

  it.each(shippedConfigFiles())("%s points editors at the schema", (file) => {
    expect(readFileSync(file, "utf8")).toMatch(/^# yaml-language-server: \$schema=(\.\.?\/)+schema\.json$/m);
  });
});
