import { writeFileSync } from "node:fs";
import { SCHEMA_FILE, environmentJsonSchema } from "../cli/schema";

writeFileSync(SCHEMA_FILE, environmentJsonSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
