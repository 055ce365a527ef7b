// Architecture diagrams generated from a stack's synthesized Terraform JSON (`blueprints diagram`).
export * from "./model";
export * from "./fold-rules";
export * from "./services";
export * from "./render";
export * from "./svg";
export * from "./markdown";
