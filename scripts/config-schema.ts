/** npm run config:schema — writes config/schema.json (JSON Schema of the YAML config) from the zod schema. */
import { writeFileSync } from "node:fs";
import { configJsonSchema, SCHEMA_FILE } from "../config/json-schema";

writeFileSync(SCHEMA_FILE, configJsonSchema());
console.log(`wrote ${SCHEMA_FILE}`);
