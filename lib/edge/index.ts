// FrontDoor (lib/edge/front-door.ts, lib/edge/front-door-waf.ts).
export * from "./front-door";
export * from "./front-door-waf";
