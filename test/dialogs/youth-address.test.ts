import { describe, expect, it } from "vitest";
import type { Language } from "../../services/languages.ts";
import { createPerson } from "../support/fixtures.ts";
import { NOON, fund, newPhone, useConversation } from "./support.ts";

/**
 * A youth writing about themselves is addressed as "du" (the catalogs' `_youth` variants), a
 * parent as the family ("dere"), over the real bot with the youth's own phone.
 */
const ctx = useConversation();
const { t, parentChat } = ctx;

/** A verified 15-year-old with their own phone and no children (they act for themselves). */
async function youthChat(options: { language?: Language; resident?: boolean } = {}) {
  const phone = newPhone();
  const youth = await createPerson(ctx.db.prisma, ctx.world.municipalityId, {
    givenName: "Nora",
    birthDate: "2011-04-12",
    ...(options.resident === false ? { residentFrom: null } : {}),
  });
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId: youth.id, verifiedAt: new Date(NOON), language: options.language ?? null } });
  await fund(ctx.db, ctx.world);
  return ctx.chat(phone);
}

const nb = () => t("nb");

describe("a youth is addressed as du, a family as dere (nb)", () => {
  it("a youth signing up for what the card pays in full hears 'Du betaler ingenting'", async () => {
    const chat = await youthChat();
    expect(await chat.send("musikk")).toContain("1. Musikkskolen");
    expect(await chat.send("meld på 1")).toContain("Musikkskolen");
    const done = await chat.send("ja");
    expect(done).toContain("Du betaler ingenting.");
    expect(done).not.toMatch(/\b[Dd]ere\b/);
  });

  it("a youth paying part themselves hears 'betaler du'", async () => {
    const chat = await youthChat();
    expect(await chat.send("ridning")).toContain("1. Rideskolen");
    await chat.send("meld på 1");
    const done = await chat.send("ja");
    expect(done).toMatch(/Resten, .+, betaler du\./);
    expect(done).not.toMatch(/\b[Dd]ere\b/);
  });

  it("a youth not registered as resident hears 'Har du nettopp flyttet hit'", async () => {
    const chat = await youthChat({ resident: false });
    const reply = await chat.send("kan jeg få fritidskortet?");
    expect(reply).toContain(String(nb()("chat:eligibility.not_resident_youth", { municipality: "Drammen" })));
    expect(reply).toContain("Har du nettopp flyttet hit");
    expect(reply).not.toMatch(/\b[Dd]ere\b/);
  });

  it("a parent signing up a child is still addressed as the family", async () => {
    const { chat } = await parentChat();
    await chat.send("musikk");
    await chat.send("meld Jonas på 1");
    expect(await chat.send("ja")).toContain("Dere betaler ingenting.");
  });
});

describe("the youth form in Polish: ty, not Wy", () => {
  const pl = () => t("pl");

  it("a youth signing up in Polish hears 'Nic nie dopłacasz'", async () => {
    const chat = await youthChat({ language: "pl" });
    expect(await chat.send("muzyka")).toContain("1. Musikkskolen");
    expect(await chat.send("zapisz mnie na 1")).toContain("Musikkskolen");
    const done = await chat.send("tak");
    expect(done).toContain("Nic nie dopłacasz.");
    expect(done).not.toContain(String(pl()("chat:signup.card_pays_all", { card: "§" })).split(". ")[1]!);
  });

  it("a parent in Polish still hears the family form", async () => {
    const { chat } = await parentChat({ language: "pl" });
    await chat.send("muzyka");
    await chat.send("zapisz Jonasa na 1");
    expect(await chat.send("tak")).toContain("Nic nie dopłacacie.");
  });
});
