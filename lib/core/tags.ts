import { type IAspect, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/** Tag keys the library sets on every taggable resource; a profile may not redefine them. */
export const RESERVED_TAG_KEYS = ["environment", "system", "managed-by"] as const;

type Taggable = TerraformResource & { tags: Record<string, string> | undefined; readonly tagsInput?: Record<string, string> };

function isTaggable(node: IConstruct): node is Taggable {
  return TerraformResource.isTerraformResource(node) && "tagsInput" in node;
}

/**
 * Adds `tags` to every resource in scope whose Azure type takes tags. Tags a construct set
 * itself are kept; the required tags win over them, so `environment`, `system` and
 * `managed-by` are always true.
 */
export class TagsAspect implements IAspect {
  constructor(
    private readonly defaults: Readonly<Record<string, string>>,
    private readonly required: Readonly<Record<string, string>>,
  ) {}

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    node.tags = { ...this.defaults, ...(node.tagsInput ?? {}), ...this.required };
  }
}
