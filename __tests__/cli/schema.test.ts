import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_FILE, referenceJsonSchema } from "../../cli/schema";
import { REPO } from "../helpers/synth-all";

test("the committed JSON Schema is the one generated from the zod schema (run `npm run schema`)", () => {
  expect(readFileSync(join(REPO, SCHEMA_FILE), "utf8")).toBe(referenceJsonSchema());
});

test("every environment file points editors at the schema", () => {
  for (const env of ["dev", "staging", "prod"]) {
    expect(readFileSync(join(REPO, "environments", `${env}.yaml`), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./environment.schema.json");
  }
});
