// 点名查找: the operator finds a person by typing on a remote's keypad, so a
// few keys must do: part of the name, the start of the name's pinyin initials
// (王建国 is wjg), or digits of the phone number. Pure.

export type Searchable = { name: string; initials: string; phone: string | null };

export function matchesSearch(person: Searchable, query: string): boolean {
  const typed = query.trim().toLowerCase();
  if (typed === "") return true;
  if (person.name.includes(typed) || person.initials.startsWith(typed)) return true;
  return /^\d+$/.test(typed) && (person.phone ?? "").includes(typed);
}
