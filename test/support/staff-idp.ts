import { afterAll } from "vitest";
import identities from "../../prisma/seed/demo-identities.json" with { type: "json" };
import { startStaffIdentityProvider, type LocalStaffAccount } from "../../scripts/staff-identity-provider.ts";

export const STAFF_CLIENT_ID = "fritidskort-staff-test";
export const STAFF_CLIENT_SECRET = "staff-client-secret-0123456789";

/** An Entra ID account that is nobody's staff identity. */
export const OUTSIDER: LocalStaffAccount = { hint: "outsider", objectId: "aad-outsider-0001", name: "Ola Utenfor" };

/**
 * The municipality's Entra ID in-process for this test file (scripts/staff-identity-provider.ts,
 * the same local provider `npm start` runs): the demo's staff by their Teams object ids, and an outsider.
 */
export async function startStaffIdp() {
  const local = await startStaffIdentityProvider([
    { hint: "caseworker", objectId: identities.caseworker.teams, name: identities.caseworker.name },
    { hint: "admin", objectId: identities.admin.teams, name: identities.admin.name },
    { hint: "privacyOfficer", objectId: identities.privacyOfficer.teams, name: identities.privacyOfficer.name },
    OUTSIDER,
  ]);
  afterAll(() => local.stop());
  return { ...local, env: { STAFF_OIDC_ISSUER: local.issuer, STAFF_OIDC_CLIENT_ID: STAFF_CLIENT_ID, STAFF_OIDC_CLIENT_SECRET: STAFF_CLIENT_SECRET } };
}
