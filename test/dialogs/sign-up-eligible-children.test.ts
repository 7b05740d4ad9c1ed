import { describe, expect, it } from "vitest";
import { createFamily } from "../support/fixtures.ts";
import { NOON, fund, newPhone, useConversation } from "./support.ts";

/**
 * "Who do you want to sign up?" offers only the children who can have the card this period
 * (services/eligibility.ts); a child who cannot, named or the only one, gets the reason instead.
 */
const ctx = useConversation();
const { t } = ctx;
const nb = () => t("nb");

/** A verified parent on SMS with children of the given names and birth dates. */
async function familyChat(children: [name: string, birthDate: string, options?: { resident?: boolean }][]) {
  const phone = newPhone();
  const { guardian, children: people } = await createFamily(ctx.db.prisma, ctx.world.municipalityId, children.map(([, birthDate]) => birthDate));
  for (const [i, [givenName, , options]] of children.entries()) {
    await ctx.db.prisma.person.update({ where: { id: people[i]!.id }, data: { givenName, ...(options?.resident === false ? { residentFrom: null } : {}) } });
  }
  await ctx.db.prisma.channelIdentity.create({ data: { channel: "SMS", address: phone, personId: guardian.id, verifiedAt: new Date(NOON) } });
  await fund(ctx.db, ctx.world);
  return { chat: ctx.chat(phone), people };
}

describe("only children who can have the card are offered for sign-up", () => {
  it("lists the two eligible children and leaves out the one too young and the one not resident", async () => {
    const { chat } = await familyChat([
      ["Sara", "2013-02-01"],
      ["Liam", "2016-03-04"],
      ["Mia", "2017-05-06", { resident: false }],
      ["Ella", "2021-09-03"],
    ]);
    expect(await chat.send("musikk")).toContain("1. Musikkskolen");
    const question = await chat.send("meld på 1");
    expect(question).toContain(String(nb()("chat:signup.choose_child")));
    expect(question).toContain("1. Sara");
    expect(question).toContain("2. Liam");
    expect(question).not.toMatch(/Mia|Ella|3\./);
    expect(await chat.send("2")).toContain("Melde Liam på Musikkskolen");
  });

  it("with one eligible child, asks about that child without a choice", async () => {
    const { chat } = await familyChat([
      ["Liam", "2016-03-04"],
      ["Ella", "2021-09-03"],
    ]);
    await chat.send("musikk");
    const reply = await chat.send("meld på 1");
    expect(reply).not.toContain(String(nb()("chat:signup.choose_child")));
    expect(reply).toContain("Melde Liam på Musikkskolen");
  });

  it("a child named who cannot have the card gets the reason, not a sign-up", async () => {
    const { chat, people } = await familyChat([
      ["Liam", "2016-03-04"],
      ["Mia", "2017-05-06", { resident: false }],
    ]);
    await chat.send("musikk");
    const reply = await chat.send("meld Mia på 1");
    expect(reply).toContain(String(nb()("chat:signup.refused.CHILD_NOT_ELIGIBLE", { child: "Mia" })));
    expect(reply).toContain(String(nb()("chat:eligibility.not_resident", { name: "Mia", municipality: "Drammen" })));
    expect(reply).not.toContain("Melde Mia");
    expect(await chat.send("ja")).not.toContain("meldt på");
    expect(await ctx.db.prisma.enrollment.count({ where: { childId: people[1]!.id } })).toBe(0);
  });

  it("when no child can have the card, says why for each and signs up no one", async () => {
    const { chat, people } = await familyChat([
      ["Ella", "2021-09-03"],
      ["Mia", "2017-05-06", { resident: false }],
    ]);
    await chat.send("musikk");
    const reply = await chat.send("meld på 1");
    expect(reply).not.toContain(String(nb()("chat:signup.choose_child")));
    expect(reply).toContain("Ella er for ung ennå");
    expect(reply).toContain(String(nb()("chat:signup.refused.CHILD_NOT_ELIGIBLE", { child: "Mia" })));
    expect(await ctx.db.prisma.enrollment.count({ where: { childId: { in: people.map((p) => p.id) } } })).toBe(0);
  });
});
