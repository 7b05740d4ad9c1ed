import { XMLParser } from "fast-xml-parser";
import { expect } from "vitest";
import { newMessageSid } from "../../../support/twilio-api.ts";

/** Texts the service at `url` from a phone as Twilio would (development: unsigned); the TwiML answer's SMS. */
export async function textService(url: string, from: string, body: string, sid = newMessageSid()): Promise<string> {
  const response = await fetch(`${url}/api/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ MessageSid: sid, From: from, To: "+4759440000", Body: body }).toString(),
  });
  expect(response.status).toBe(200);
  const parsed = new XMLParser({ isArray: (name) => name === "Message" }).parse(await response.text()) as { Response: "" | { Message?: string[] } };
  return parsed.Response === "" ? "" : (parsed.Response.Message ?? []).map(String).join("\n");
}
