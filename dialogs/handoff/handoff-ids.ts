/** The hand-off journeys' dialog ids (the person's relay and the staff commands). */
export const STAFF_DIALOG = "handoff.staff";
export const HAND_OFF_RELAY_DIALOG = "handoff.relay";
