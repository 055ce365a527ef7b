import { type Diagram, type TerraformJsonDocument, buildDiagram } from "../../../lib/diagram";
import { synthAll } from "../../helpers/synth-all";

let cache: Diagram[] | undefined;

/** The diagram of every shipped stack (from the run's one synthesis). */
export function shippedDiagrams(): Diagram[] {
  cache ??= synthAll().map((s) => buildDiagram(s.name, s.json as TerraformJsonDocument));
  return cache;
}
