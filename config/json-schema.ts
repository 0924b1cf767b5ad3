/** The JSON Schema of the YAML config (config/schema.json, for editors), generated from the zod model. */
import { z } from "zod";
import { OrgConfigSchema } from "./model";

export const SCHEMA_FILE = "config/schema.json";

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(OrgConfigSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "landing-zone organization config" }, null, 2)}\n`;
}
