import { writeFileSync } from "node:fs";
import { SCHEMA_FILE, referenceJsonSchema } from "../cli/schema";

writeFileSync(SCHEMA_FILE, referenceJsonSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
