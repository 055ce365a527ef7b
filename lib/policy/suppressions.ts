import type { IConstruct } from "constructs";
import { ValidationError } from "../core/errors";

const KEY = "blueprints:policy-suppression";
const RULE_ID = /^AZ-[A-Z]+-\d{3}$/;

/** An explicit, reasoned exception to one policy rule for one construct and everything in it. */
export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Construct path the suppression was declared on. */
  readonly path: string;
}

/**
 * Suppressions of policy rules, declared in code next to the construct they concern:
 * `Suppressions.of(storage).add("AZ-ST-001", "the API reaches it without a VNet; Entra ID only")`.
 * A suppression covers the construct and its children, needs a reason of at least 10
 * characters, and is listed in every policy report.
 */
export class Suppressions {
  private constructor(private readonly scope: IConstruct) {}

  static of(scope: IConstruct): Suppressions {
    return new Suppressions(scope);
  }

  add(ruleId: string, reason: string): this {
    const path = this.scope.node.path;
    if (!RULE_ID.test(ruleId)) throw new ValidationError(path, `suppression rule id ${JSON.stringify(ruleId)} is not a rule id (allowed: AZ-<AREA>-<nnn>, e.g. AZ-ST-001)`);
    if (reason.trim().length < 10) {
      throw new ValidationError(path, `suppression of ${ruleId} has reason ${JSON.stringify(reason)}: a reason of at least 10 characters is required`);
    }
    this.scope.node.addMetadata(KEY, { ruleId, reason: reason.trim() });
    return this;
  }

  /** Every suppression declared in `root`'s tree. */
  static collect(root: IConstruct): Suppression[] {
    return root.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === KEY).map((m) => ({ ...(m.data as { ruleId: string; reason: string }), path: c.node.path })));
  }
}
