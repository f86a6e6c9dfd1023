// Village station screens (en); the same shape as station.zh-CN.ts.
import type { stationZhCN } from "./station.zh-CN.ts";

export const stationEn: typeof stationZhCN = {
  refusals: {
    "not-opened": "This showing has not started yet: start it first.",
    "already-opened": "This showing has already started.",
    "session-closed": "This showing is over: its roll call and playback can no longer change.",
    "not-station-person":
      "This person is not a member or activist of the organizations this station serves. Register him as a villager of the station first, then mark him present.",
    "already-present": "This person is already marked present.",
    "not-present": "This person is not in the room, so he cannot be marked as leaving.",
    "bad-times": "The time recorded is wrong: check the device's clock and try again.",
    "before-previous": "This record is earlier than the ones before it: record things in the order they happened.",
    "outside-film": "The playback position is beyond the length of the film.",
    "faster-than-allowed": "This stretch played faster than the lesson allows and does not count.",
    "overlaps-playback": "A station shows one film at a time: this stretch overlaps playback already recorded.",
    "speaker-not-present": "A speaker must be someone marked present.",
    "answered-twice": "This person has already answered once: one attempt each.",
    "not-attendee": "Only people marked present can answer.",
    "station-busy": "Another showing is running at this station: close it first.",
    "unknown-station": "This station cannot be found.",
    "unknown-lesson": "This lesson or film cannot be found.",
  },
  scheduleProblems: {
    "digit-out-of-range": "The market-day digit must be 0 to 9 (0 for the 10th, 20th and 30th).",
    "day-out-of-range": "A day of the month must be 1 to 31.",
    "weekday-out-of-range": "A weekday must be Monday to Sunday.",
    "no-days": "Choose at least one day.",
    "bad-date": "The date should be written like 2026-12-06.",
  },
  overview: {
    nav: "Stations",
    title: "Remote-education stations",
    month: "Report for {{month}}",
    none: "There are no remote-education stations in your organizations yet.",
    quietTitle: "Stations with no showing for 30 days or more",
    quiet: "{{name}}: no showing for {{days}} days",
    quietNeverHeld: "{{name}}: set up {{days}} days ago, no showing yet",
    quietNone: "Every station has held a showing in the last 30 days.",
    columns: {
      station: "Station",
      org: "Organization",
      operator: "Operator",
      connectivity: "Network",
      sessions: "Showings this month",
      showing: "Hours shown this month",
      attendances: "Attendances",
      passed: "Tests passed",
    },
    noOperator: "not named",
    ofGoal: "{{value}} / {{goal}}",
    sessionsLabel: "Showings at {{name}} this month, goal {{goal}}",
    showingLabel: "Hours shown at {{name}} this month, goal {{goal}}",
    connectivity: { ONLINE: "Online", POOR: "Poor connection", OFFLINE: "Offline" },
    goalsNote:
      "Each station's monthly goals are set by its organizations; where none are set, at least {{sessions}} group sessions and {{hours}} hours of showing (a local practice).",
  },
};
