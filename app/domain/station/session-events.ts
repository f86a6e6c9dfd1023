// A station session as the events the operator's device records: opened, who
// came and left, what the screen played, the discussion minutes, each
// attendee's answers, closed. The same events are sent at once when the
// station is online and from an outbox when it was not (docs/decisions/022),
// so every event carries an id made on the device and a per-device sequence
// number, and applying one twice changes nothing. Times are milliseconds of
// the session's own clock (since it opened), measured by one monotonic clock:
// a device's wall clock may be wrong by days, its elapsed time is not. Pure.

export type AnswerWay = "SCREEN" | "PHONE" | "PAPER" | "ORAL";

export type SessionEventBody =
  /** `startedAt`: the device's wall clock at the opening (ISO 8601), sent from an outbox; checked by session-dates.ts, never trusted for hours. */
  | { type: "opened"; stationId: string; lessonId: string; startedAt?: string }
  /** He came in (also a walk-in, once registered as a person of the station). */
  | { type: "arrived"; personId: string; atMs: number }
  /**
   * A villager not yet registered at the station came in: registering him (his
   * id made on the device, so an offline roll call can name him) and marking
   * him present are one event.
   */
  | { type: "walked-in"; personId: string; name: string; phone: string | null; atMs: number }
  | { type: "left"; personId: string; atMs: number }
  /** The screen played media seconds `mediaFrom`–`mediaTo` between `fromMs` and `toMs`. */
  | { type: "played"; fromMs: number; toMs: number; mediaFrom: number; mediaTo: number }
  | { type: "minutes"; summary: string; speakerIds: readonly string[] }
  /** One attendee's one attempt at the test, however he took it. */
  | { type: "answered"; personId: string; way: AnswerWay; attemptId: string }
  | { type: "closed"; atMs: number };

export type SessionEvent = {
  /** Made on the device (a UUID): the key that makes applying idempotent. */
  eventId: string;
  deviceId: string;
  /** 1, 2, 3… per device: the server applies a device's events in this order. */
  sequence: number;
  sessionId: string;
  body: SessionEventBody;
};

export type Presence = { fromMs: number; toMs: number | null };

export type SessionState = {
  sessionId: string;
  stationId: string;
  lessonId: string;
  status: "OPEN" | "CLOSED";
  closedAtMs: number | null;
  /** Presence windows per person, in the order they first came. */
  presence: ReadonlyMap<string, readonly Presence[]>;
  stretches: readonly { fromMs: number; toMs: number; mediaFrom: number; mediaTo: number }[];
  minutes: { summary: string; speakerIds: readonly string[] } | null;
  /** The attempt each attendee took. */
  attempts: ReadonlyMap<string, { way: AnswerWay; attemptId: string }>;
};

/** What the session must know about its station and film to judge an event. */
export type SessionContext = {
  /** Whether a person is one of the station's people (its organizations' members and activists, or registered at it). */
  isStationPerson: (personId: string) => boolean;
  durationSeconds: number;
  maxPlaybackRate: number;
};

export type EventRefusal =
  | "not-opened"
  | "already-opened"
  | "session-closed"
  | "not-station-person"
  | "already-present"
  | "not-present"
  | "bad-times"
  | "before-previous"
  | "outside-film"
  | "faster-than-allowed"
  | "overlaps-playback"
  | "speaker-not-present"
  | "answered-twice"
  | "not-attendee";

/**
 * The event's own refusals, and those only the database can see (they concern
 * more than the session itself): an upload for one station that carries
 * another's event, and an event id already taken by an event of other content.
 */
export type StationRefusal = EventRefusal | "station-busy" | "unknown-station" | "unknown-lesson" | "other-station" | "event-id-reused";

export type EventResult =
  | { outcome: "applied"; state: SessionState }
  /** The same event again (sent twice from the outbox): acknowledged, nothing changes. */
  | { outcome: "duplicate"; state: SessionState | null }
  /** Acknowledged too, so the device stops sending it; the refusal is shown to the operator. */
  | { outcome: "refused"; reason: EventRefusal; state: SessionState | null };

/** Playback may run a little ahead of the lesson's maximum rate on the device's clock (timer granularity). */
const RATE_SLACK = 1.05;
const MEDIA_SLACK_SECONDS = 1;

function lastPresence(state: SessionState, personId: string): Presence | undefined {
  const windows = state.presence.get(personId);
  return windows?.[windows.length - 1];
}

const isPresent = (state: SessionState, personId: string) => {
  const last = lastPresence(state, personId);
  return last !== undefined && last.toMs === null;
};

function withPresence(state: SessionState, personId: string, windows: readonly Presence[]): SessionState {
  const presence = new Map(state.presence);
  presence.set(personId, windows);
  return { ...state, presence };
}

function refuse(reason: EventRefusal, state: SessionState | null): EventResult {
  return { outcome: "refused", reason, state };
}

/**
 * One event on the session as it stands (`null`: not opened yet). `seen`
 * holds the event ids already applied or refused, so a resent event is a
 * duplicate whatever it says.
 */
export function applySessionEvent(params: {
  state: SessionState | null;
  event: SessionEvent;
  seen: ReadonlySet<string>;
  context: SessionContext;
}): EventResult {
  const { state, event, context } = params;
  if (params.seen.has(event.eventId)) return { outcome: "duplicate", state };
  const body = event.body;

  if (body.type === "opened") {
    if (state !== null) return refuse("already-opened", state);
    return {
      outcome: "applied",
      state: {
        sessionId: event.sessionId,
        stationId: body.stationId,
        lessonId: body.lessonId,
        status: "OPEN",
        closedAtMs: null,
        presence: new Map(),
        stretches: [],
        minutes: null,
        attempts: new Map(),
      },
    };
  }
  if (state === null) return refuse("not-opened", state);
  // Answers may still be entered after the close (paper sheets are typed in later); nothing else may.
  if (state.status === "CLOSED" && body.type !== "answered") return refuse("session-closed", state);

  switch (body.type) {
    case "arrived": {
      if (!context.isStationPerson(body.personId)) return refuse("not-station-person", state);
      if (isPresent(state, body.personId)) return refuse("already-present", state);
      const last = lastPresence(state, body.personId);
      if (body.atMs < 0) return refuse("bad-times", state);
      if ((last?.toMs ?? 0) > body.atMs) return refuse("before-previous", state);
      return {
        outcome: "applied",
        state: withPresence(state, body.personId, [...(state.presence.get(body.personId) ?? []), { fromMs: body.atMs, toMs: null }]),
      };
    }
    case "walked-in": {
      if (state.presence.has(body.personId)) return refuse("already-present", state);
      if (body.atMs < 0) return refuse("bad-times", state);
      return { outcome: "applied", state: withPresence(state, body.personId, [{ fromMs: body.atMs, toMs: null }]) };
    }
    case "left": {
      const last = lastPresence(state, body.personId);
      if (!last || last.toMs !== null) return refuse("not-present", state);
      if (body.atMs < last.fromMs) return refuse("before-previous", state);
      const windows = state.presence.get(body.personId) ?? [];
      return {
        outcome: "applied",
        state: withPresence(state, body.personId, [...windows.slice(0, -1), { fromMs: last.fromMs, toMs: body.atMs }]),
      };
    }
    case "played": {
      if (body.fromMs < 0 || body.toMs <= body.fromMs) return refuse("bad-times", state);
      if (body.mediaFrom < 0 || body.mediaTo <= body.mediaFrom || body.mediaTo > context.durationSeconds + MEDIA_SLACK_SECONDS) {
        return refuse("outside-film", state);
      }
      const allowed = ((body.toMs - body.fromMs) / 1000) * context.maxPlaybackRate * RATE_SLACK + MEDIA_SLACK_SECONDS;
      if (body.mediaTo - body.mediaFrom > allowed) return refuse("faster-than-allowed", state);
      // One playback per station at a time: two stretches never share a moment of the session.
      if (state.stretches.some((stretch) => body.fromMs < stretch.toMs && stretch.fromMs < body.toMs))
        return refuse("overlaps-playback", state);
      return {
        outcome: "applied",
        state: {
          ...state,
          stretches: [
            ...state.stretches,
            { fromMs: body.fromMs, toMs: body.toMs, mediaFrom: body.mediaFrom, mediaTo: Math.min(body.mediaTo, context.durationSeconds) },
          ],
        },
      };
    }
    case "minutes": {
      if (body.speakerIds.some((personId) => !state.presence.has(personId))) return refuse("speaker-not-present", state);
      return { outcome: "applied", state: { ...state, minutes: { summary: body.summary, speakerIds: [...new Set(body.speakerIds)] } } };
    }
    case "answered": {
      if (!state.presence.has(body.personId)) return refuse("not-attendee", state);
      if (state.attempts.has(body.personId)) return refuse("answered-twice", state);
      const attempts = new Map(state.attempts);
      attempts.set(body.personId, { way: body.way, attemptId: body.attemptId });
      return { outcome: "applied", state: { ...state, attempts } };
    }
    case "closed": {
      const latest = Math.max(
        0,
        ...state.stretches.map((stretch) => stretch.toMs),
        ...[...state.presence.values()].flat().flatMap((window) => [window.fromMs, window.toMs ?? 0]),
      );
      if (body.atMs < latest) return refuse("before-previous", state);
      // Whoever is still in the room stays to the close.
      const presence = new Map(
        [...state.presence].map(([personId, windows]) => [
          personId,
          windows.map((window) => (window.toMs === null ? { ...window, toMs: body.atMs } : window)),
        ]),
      );
      return { outcome: "applied", state: { ...state, status: "CLOSED", closedAtMs: body.atMs, presence } };
    }
  }
}

/**
 * The state of a session from the events once applied to it, in order. They
 * are facts now and are not judged again: the station's people or the film's
 * settings may have changed since. `from`: the state the events before these
 * made (a state kept from an earlier reading), so only the later ones are
 * applied on top; the same as applying them all from the start.
 */
export function stateOfApplied(applied: readonly SessionEvent[], from: SessionState | null = null): SessionState | null {
  const seen = new Set<string>();
  let state = from;
  for (const event of applied) {
    state = applySessionEvent({ state, event, seen, context: TRUSTING }).state;
    seen.add(event.eventId);
  }
  return state;
}

const TRUSTING: SessionContext = {
  isStationPerson: () => true,
  durationSeconds: Number.POSITIVE_INFINITY,
  maxPlaybackRate: Number.POSITIVE_INFINITY,
};

/**
 * Events in the order they are applied, from the session's start: the state
 * they lead to and what became of each. The server applies them one at a
 * time, each in its own transaction, by this same rule.
 */
export function replaySessionEvents(
  events: readonly SessionEvent[],
  context: SessionContext,
): { state: SessionState | null; results: EventResult[] } {
  const seen = new Set<string>();
  let state: SessionState | null = null;
  const results: EventResult[] = [];
  for (const event of events) {
    const result = applySessionEvent({ state, event, seen, context });
    seen.add(event.eventId);
    state = result.state;
    results.push(result);
  }
  return { state, results };
}
