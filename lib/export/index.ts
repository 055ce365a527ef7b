// The ops hand-off (`blueprints export`): a plain-Terraform bundle of synthesized stacks.
export * from "./references";
export * from "./backend";
export * from "./order";
export * from "./readme";
export * from "./checksums";
export * from "./tar";
export * from "./bundle";
