import { describe, expect, it } from "vitest";
import { addDays, beijingDate, beijingDateTime, beijingToday, beijingYear, isoDay } from "./calendar.ts";

describe("the Beijing calendar", () => {
  const cases: { instant: string; date: string; dateTime: string; year: number }[] = [
    { instant: "2026-12-31T15:59:59Z", date: "2026-12-31", dateTime: "2026-12-31 23:59", year: 2026 },
    { instant: "2026-12-31T16:00:00Z", date: "2027-01-01", dateTime: "2027-01-01 00:00", year: 2027 },
    { instant: "2026-03-01T00:30:00Z", date: "2026-03-01", dateTime: "2026-03-01 08:30", year: 2026 },
  ];
  for (const { instant, date, dateTime, year } of cases) {
    it(`${instant} is ${dateTime} in Beijing`, () => {
      expect(beijingDate(new Date(instant))).toBe(date);
      expect(beijingDateTime(instant)).toBe(dateTime);
      expect(beijingDateTime(new Date(instant))).toBe(dateTime);
      expect(beijingYear(new Date(instant))).toBe(year);
    });
  }

  it("today is the Beijing day, kept as that day's UTC midnight", () => {
    const today = beijingToday(new Date("2026-06-30T20:00:00Z"));
    expect(today.text).toBe("2026-07-01");
    expect(today.date.toISOString()).toBe("2026-07-01T00:00:00.000Z");
    expect(isoDay(addDays(today.date, -1))).toBe("2026-06-30");
  });
});
