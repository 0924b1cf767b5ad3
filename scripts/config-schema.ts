/** npm run config:schema — writes config/schema.json (JSON Schema of the YAML config) from the zod schema. */
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { OrgConfigSchema } from "../config/model";

export const SCHEMA_FILE = "config/schema.json";

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(OrgConfigSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "landing-zone organization config" }, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, configJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
