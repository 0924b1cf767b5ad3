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

  it("every key of the schema is in the README's config reference", () => {
    type Node = { $ref?: string; properties?: Record<string, Node>; items?: Node; additionalProperties?: Node | boolean; anyOf?: Node[]; oneOf?: Node[]; allOf?: Node[] };
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Node & { $defs?: Record<string, Node>; definitions?: Record<string, Node> };
    const defs = schema.$defs ?? schema.definitions ?? {};
    const keys: string[][] = [];
    const walk = (node: Node, path: string[], depth = 0): void => {
      if (depth > 12) return;
      if (node.$ref) return walk(defs[node.$ref.split("/").pop()!], path, depth + 1);
      for (const sub of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) walk(sub, path, depth + 1);
      for (const [key, sub] of Object.entries(node.properties ?? {})) {
        keys.push([...path, key]);
        walk(sub, [...path, key], depth + 1);
      }
      if (typeof node.additionalProperties === "object") walk(node.additionalProperties, [...path, "<key>"], depth + 1);
      if (node.items) walk(node.items, [...path, "[]"], depth + 1);
    };
    walk(schema, []);
    const readme = readFileSync("README.md", "utf8");
    const start = readme.indexOf("## Config reference");
    const reference = readme.slice(start, readme.indexOf("\n## ", start + 1));
    const documented = (key: string) => new RegExp(`\`[^\`\n]*\\b${key.replace(/[$]/g, "\\$&")}\\b[^\`\n]*\``).test(reference);
    expect(keys.length).toBeGreaterThan(150);
    expect(keys.filter((k) => k.at(-1) !== "$schema" && !documented(k.at(-1)!)).map((k) => k.join("."))).toEqual([]);
  });

  it("every pattern compiles as a Unicode regular expression (as editors' JSON Schema validators read them), and tag values accept any script", () => {
    const text = readFileSync(SCHEMA_FILE, "utf8");
    const patterns = [...text.matchAll(/"pattern": ("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string);
    expect(patterns.length).toBeGreaterThan(10);
    for (const pattern of patterns) expect(() => new RegExp(pattern, "u"), pattern).not.toThrow();
    const tagValue = new RegExp(JSON.parse(text).properties.organization.properties.tags.additionalProperties.pattern, "u");
    expect(["Zürich Ops", "team:platform/eu", ""].map((v) => tagValue.test(v))).toEqual([true, true, true]);
    expect(["a*b", "x;y"].map((v) => tagValue.test(v))).toEqual([false, false]);
  });

  it.each(shippedConfigFiles())("%s points editors at the schema", (file) => {
    expect(readFileSync(file, "utf8")).toMatch(/^# yaml-language-server: \$schema=(\.\.?\/)+schema\.json$/m);
  });
});
