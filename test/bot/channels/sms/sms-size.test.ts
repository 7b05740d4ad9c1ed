import { describe, expect, it } from "vitest";
import { smsCost, toGsmSafe } from "../../../../services/sms/sms-text.ts";
import { useApp } from "../support/app.ts";
import { smsPhones } from "../support/sms-phones.ts";

const ctx = useApp();
const { text } = smsPhones(ctx);

/** What one answer costs a phone: how many SMS segments, as the outbox and Twilio count them. */
const segments = (answer: string) => smsCost(toGsmSafe(answer)).segments;

describe("the first answer to a new number and every menu are one SMS segment", () => {
  it.each([
    ["nb", "+4799997101", ["hei", "7", "meny", "hjelp", "xyzzy blorp"]],
    ["en", "+4799997102", ["hello", "7", "menu", "help", "blorp xyzzy"]],
  ])("%s: greeting, a number with no list open, the menu, help, something unknown", async (_language, phone, messages) => {
    for (const message of messages) {
      const answer = await text(phone, message);
      expect(answer, `answer to "${message}"`).not.toBe("");
      expect({ message, answer, segments: segments(answer) }).toEqual({ message, answer, segments: 1 });
    }
  });

  it("the menu still lists all nine choices, and the greeting says what to do next", async () => {
    const menu = await text("+4799997103", "meny");
    expect(menu.split("\n").filter((line) => /^\d\. /.test(line))).toHaveLength(9);
    expect(await text("+4799997104", "hei")).toMatch(/MENY/);
  });
});
