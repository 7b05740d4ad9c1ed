import { beforeAll, describe, expect, it } from "vitest";
import { assertMayActFor, mayActFor, mayActForGiven, peopleActedFor } from "../../../services/family/may-act-for.ts";
import { inTransaction } from "../../../services/db/transaction.ts";
import { useTestDatabase } from "../../support/database.ts";
import { createFamily, createMunicipality, createPerson } from "../../support/fixtures.ts";

const ctx = useTestDatabase();
const today = "2026-09-15";
let municipalityId: string;

beforeAll(async () => {
  municipalityId = (await createMunicipality(ctx.db.prisma)).id;
});

const may = (actorId: string, childId: string) => inTransaction(ctx.db, (tx) => mayActFor(tx, { actorId, childId, today }));

describe("who may act for a child", () => {
  it("lets a guardian act for their child of any age, and nobody else", async () => {
    const { guardian, children: [small] } = await createFamily(ctx.db.prisma, municipalityId, ["2020-01-01"]);
    const stranger = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "1980-01-01" });
    expect(await may(guardian.id, small!.id)).toBe(true);
    expect(await may(stranger.id, small!.id)).toBe(false);
    await expect(inTransaction(ctx.db, (tx) => assertMayActFor(tx, { actorId: stranger.id, childId: small!.id, today }))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets a youth act for themselves from their 13th birthday, not the day before, and not without a birth date", async () => {
    const thirteenToday = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2013-09-15" });
    const thirteenTomorrow = await createPerson(ctx.db.prisma, municipalityId, { birthDate: "2013-09-16" });
    const unknown = await createPerson(ctx.db.prisma, municipalityId, { birthDate: null });
    expect(await may(thirteenToday.id, thirteenToday.id)).toBe(true);
    expect(await may(thirteenTomorrow.id, thirteenTomorrow.id)).toBe(false);
    expect(await may(unknown.id, unknown.id)).toBe(false);
  });

  it("offers a parent their children, a youth of 13 themselves, and a younger child nobody", () => {
    const parent = { id: "p", birthDate: "1985-01-01" };
    const children = [{ id: "c1", birthDate: "2015-01-01" }];
    expect(peopleActedFor(parent, children, today)).toEqual(children);
    expect(peopleActedFor({ id: "y", birthDate: "2013-09-15" }, [], today).map((p) => p.id)).toEqual(["y"]);
    expect(peopleActedFor({ id: "k", birthDate: "2014-01-01" }, [], today)).toEqual([]);
  });

  it("decides the same on facts read elsewhere (one statement's guardianship flag and birth date)", () => {
    const child = { id: "c", birthDate: "2013-09-16" }; // 13 tomorrow
    expect(mayActForGiven({ actorId: "g", child, actorIsGuardian: true }, today)).toBe(true);
    expect(mayActForGiven({ actorId: "s", child, actorIsGuardian: false }, today)).toBe(false);
    expect(mayActForGiven({ actorId: "c", child, actorIsGuardian: false }, today)).toBe(false);
    expect(mayActForGiven({ actorId: "c", child: { id: "c", birthDate: "2013-09-15" }, actorIsGuardian: false }, today)).toBe(true);
    expect(mayActForGiven({ actorId: "c", child: { id: "c", birthDate: null }, actorIsGuardian: false }, today)).toBe(false);
  });
});
