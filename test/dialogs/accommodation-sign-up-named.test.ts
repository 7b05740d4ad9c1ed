import { describe, expect, it } from "vitest";
import { signUpNamedIn } from "../../dialogs/accommodation-dialog.ts";
import type { SignUpSummary } from "../../services/enrollment/find-active-sign-ups.ts";

const signUp = (enrollmentId: string, childName: string, activityTitle: string): SignUpSummary => ({ enrollmentId, childId: childName, childName, activityId: activityTitle, activityTitle, providerName: "Klubb", status: "CONFIRMED" });
const signUps = [signUp("a", "Jonas Aasen", "Fotball 11-12 år"), signUp("b", "Jonas Aasen", "Svømming nybegynner"), signUp("c", "Ella Aasen", "Fotball 6-7 år")];

describe("the sign-up a sentence names, when an accommodation request is opened later", () => {
  it.each([
    ["Jonas trenger tilrettelegging på fotballen", "a"],
    ["jonas trenger tolk på svømmingen", "b"],
    ["Ella trenger rullestol", "c"],
  ])("%s", (text, id) => {
    expect(signUpNamedIn(text, signUps)?.enrollmentId).toBe(id);
  });

  it.each(["Jonas trenger tilrettelegging", "barnet mitt trenger tilrettelegging på fotball"])("%s names none for sure: the list is shown", (text) => {
    expect(signUpNamedIn(text, signUps)).toBeUndefined();
  });
});
