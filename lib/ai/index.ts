export * from "./openai-deployment";
