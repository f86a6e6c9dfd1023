import { describe, expect, it } from "vitest";
import { matchesSearch } from "./roll-search.ts";

const WANG = { name: "王建国", initials: "wjg", phone: "13800001234" };
const VILLAGER = { name: "刘大爷", initials: "ldy", phone: null };

describe("matchesSearch", () => {
  it.each([
    { person: WANG, query: "", matches: true, why: "nothing typed shows everyone" },
    { person: WANG, query: "建国", matches: true, why: "part of the name" },
    { person: WANG, query: "wj", matches: true, why: "the start of the initials" },
    { person: WANG, query: "WJG", matches: true, why: "initials in capitals" },
    { person: WANG, query: " wjg ", matches: true, why: "spaces around what was typed" },
    { person: WANG, query: "jg", matches: false, why: "initials from the middle" },
    { person: WANG, query: "1234", matches: true, why: "the phone's last digits" },
    { person: WANG, query: "0000", matches: true, why: "digits inside the phone" },
    { person: WANG, query: "5678", matches: false, why: "digits not in the phone" },
    { person: VILLAGER, query: "138", matches: false, why: "digits for someone with no phone" },
    { person: VILLAGER, query: "ld", matches: true, why: "a villager by his initials" },
    { person: VILLAGER, query: "李", matches: false, why: "another name" },
  ])("$why: $query → $matches", ({ person, query, matches }) => {
    expect(matchesSearch(person, query)).toBe(matches);
  });
});
