import { describe, expect, it } from "vitest";
import { useConversation } from "./support.ts";

/**
 * Activity lists give the title in the family's language where the club's activity has a
 * translation (ActivityTranslation), with the club's own title beside it; otherwise the one title.
 * buildWorld: "Fotball 2015" has an English translation "Football 2015"; "Musikkskolen" has none.
 */
const ctx = useConversation();
const { parentChat } = ctx;

describe("activity titles in the family's language, the club's own beside them", () => {
  it("English: the translated title first, the club's own in brackets, in the list and in full", async () => {
    const { chat } = await parentChat({ language: "en" });
    const list = await chat.send("find football");
    expect(list).toContain("1. Football 2015 (Fotball 2015), Konnerud IL");
    expect(await chat.send("1")).toContain("Football 2015 (Fotball 2015)");
  });

  it("English without a translation: the club's title once", async () => {
    const { chat } = await parentChat({ language: "en" });
    const list = await chat.send("find music");
    expect(list).toContain("1. Musikkskolen, Konnerud IL");
    expect(list).not.toContain("Musikkskolen (Musikkskolen)");
  });

  it("Norwegian, the club's own language: the title once", async () => {
    const { chat } = await parentChat();
    const list = await chat.send("fotball");
    expect(list).toContain("1. Fotball 2015, Konnerud IL");
    expect(list).not.toContain("(Fotball 2015)");
  });
});
