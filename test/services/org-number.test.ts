import { describe, expect, it } from "vitest";
import { isValidBankAccount, isValidOrgNumber } from "../../services/org-number.ts";

describe("organisation numbers (mod 11)", () => {
  it.each([
    ["974760673", true], // Brønnøysundregistrene's own
    ["923609016", true], // Equinor ASA
    ["974760674", false], // last digit changed
    ["97476067", false],
    ["97476067a", false],
    ["974 760 673", true],
  ])("%s → %s", (value, valid) => expect(isValidOrgNumber(value)).toBe(valid));
});

describe("bank account numbers (mod 11)", () => {
  it.each([
    ["86011117947", true], // Norges Bank's published example account
    ["8601.11.17947", true],
    ["86011117948", false],
    ["8601111794", false],
  ])("%s → %s", (value, valid) => expect(isValidBankAccount(value)).toBe(valid));
});
