import { Lazy, Token } from "cdktf";
import { checkUnique, checkWholeNumber, requireZones } from "../../../lib/core/checks";

describe("shared construct checks", () => {
  test("requireZones rejects a region without zones and passes one with zones or a token", () => {
    expect(() => requireZones("s/C", "westus", 'replication "ZRS"')).toThrow('s/C: replication "ZRS" needs availability zones, and region "westus" has none');
    expect(() => requireZones("s/C", "eastus2", "x")).not.toThrow();
    expect(() => requireZones("s/C", Token.asString(Lazy.stringValue({ produce: () => "westus" })), "x")).not.toThrow();
  });

  test("checkWholeNumber separates 'not a whole number' from 'out of range'", () => {
    expect(() => checkWholeNumber("s/C", "days", 7.5, 7, 90)).toThrow("s/C: days 7.5 is not a whole number (allowed: 7 to 90)");
    expect(() => checkWholeNumber("s/C", "days", 91, 7, 90)).toThrow("s/C: days 91 is out of range (allowed: 7 to 90)");
    expect(() => checkWholeNumber("s/C", "days", 7, 7, 90)).not.toThrow();
    expect(() => checkWholeNumber("s/C", "days", Token.asNumber(Lazy.numberValue({ produce: () => 1 })), 7, 90)).not.toThrow();
  });

  test("checkUnique names what is defined twice", () => {
    expect(() => checkUnique("s/C", "slot", "staging", { staging: 1 })).toThrow('s/C: slot "staging" is defined twice');
    expect(() => checkUnique("s/C", "slot", "staging", {})).not.toThrow();
  });
});
