// 点名: mark those present from the station's people (found by name, phone or
// pinyin initials), a whole branch at once, or a walk-in registered on the
// spot; later arrivals and early leavers during the showing.
import { getFormProps, getInputProps } from "@conform-to/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { matchesSearch } from "~/domain/station/roll-search.ts";
import { VillagerSchema } from "~/domain/station/station-people.ts";
import type { SessionEventBody } from "~/domain/station/session-events.ts";
import type { StationPerson } from "~/models/station-screen.server.ts";
import { makeId } from "~/station-app/outbox.ts";

const SHOWN = 12;

type Presence = { fromMs: number; toMs: number | null };

export function RollCall({
  people,
  presence,
  clock,
  send,
}: {
  people: StationPerson[];
  presence: Record<string, Presence[]>;
  clock: () => number;
  send: (bodies: SessionEventBody[]) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const isHere = (personId: string) => presence[personId]?.at(-1)?.toMs === null;
  const found = people.filter((person) => matchesSearch(person, query));
  const present = people.filter((person) => presence[person.id]);
  const branches = [
    ...new Map(people.flatMap((person) => (person.orgId ? [[person.orgId, person.orgName ?? ""] as const] : []))).entries(),
  ];

  const arrive = (personIds: string[]) => send(personIds.map((personId) => ({ type: "arrived", personId, atMs: clock() })));

  return (
    <div className="tv-columns">
      <section aria-labelledby="roll-people">
        <h2 id="roll-people">{t("station.tv.roll.people")}</h2>
        <label className="tv-field">
          {t("station.tv.roll.search")}
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="roll-search" />
        </label>
        {found.length === 0 ? <p>{t("station.tv.roll.none")}</p> : null}
        <ul className="tv-list">
          {found.slice(0, SHOWN).map((person) => (
            <li key={person.id}>
              <span>
                {person.name}{" "}
                <span className="tv-muted">
                  {person.orgName ?? t("station.tv.roll.villager")}
                  {person.phone ? ` · ${t("station.tv.roll.phoneEnd", { digits: person.phone.slice(-4) })}` : ""}
                </span>
              </span>
              {presence[person.id] ? (
                <span className="badge ok">{isHere(person.id) ? t("station.tv.roll.here") : t("station.tv.roll.hasLeft")}</span>
              ) : (
                <button
                  type="button"
                  onClick={() => void arrive([person.id])}
                  aria-label={t("station.tv.roll.markLabel", { name: person.name })}
                >
                  {t("station.tv.roll.mark")}
                </button>
              )}
            </li>
          ))}
        </ul>
        {found.length > SHOWN ? <p className="tv-muted">{t("station.tv.roll.more", { count: found.length - SHOWN })}</p> : null}
        {branches.length > 0 ? (
          <>
            <h3>{t("station.tv.roll.branches")}</h3>
            <p className="tv-buttons">
              {branches.map(([orgId, orgName]) => (
                <button
                  key={orgId}
                  type="button"
                  onClick={() =>
                    void arrive(people.filter((person) => person.orgId === orgId && !presence[person.id]).map((person) => person.id))
                  }
                >
                  {t("station.tv.roll.branch", { org: orgName })}
                </button>
              ))}
            </p>
          </>
        ) : null}
        <WalkInForm clock={clock} send={send} />
      </section>
      <section aria-labelledby="roll-present">
        <h2 id="roll-present">{t("station.tv.roll.present", { count: present.filter((person) => isHere(person.id)).length })}</h2>
        {present.length === 0 ? <p>{t("station.tv.roll.nobodyYet")}</p> : null}
        <ul className="tv-list" data-testid="roll-present">
          {present.map((person) => (
            <li key={person.id}>
              <span>
                {person.name} {isHere(person.id) ? null : <span className="tv-muted">（{t("station.tv.roll.hasLeft")}）</span>}
              </span>
              {isHere(person.id) ? (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void send([{ type: "left", personId: person.id, atMs: clock() }])}
                  aria-label={t("station.tv.roll.leaveLabel", { name: person.name })}
                >
                  {t("station.tv.roll.leave")}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={() => void arrive([person.id])}
                  aria-label={t("station.tv.roll.backLabel", { name: person.name })}
                >
                  {t("station.tv.roll.back")}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** 临时来的群众: registered at the station and marked present by one event, his id made here. */
function WalkInForm({ clock, send }: { clock: () => number; send: (bodies: SessionEventBody[]) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(VillagerSchema, {
    id: "walk-in",
    shouldValidate: "onSubmit",
    onSubmit(event, { submission }) {
      event.preventDefault();
      if (submission?.status !== "success") return;
      const { name, phone } = submission.value;
      void send([{ type: "walked-in", personId: makeId(), name, phone: phone ?? null, atMs: clock() }]);
      form.reset();
    },
  });
  return (
    <form {...getFormProps(form)} className="tv-form">
      <h3>{t("station.tv.roll.walkIn")}</h3>
      <label className="tv-field">
        {t("station.tv.roll.walkInName")}
        <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
      </label>
      <ErrorList id={fields.name.errorId} errors={fields.name.errors} />
      <label className="tv-field">
        {t("station.tv.roll.walkInPhone")}
        <input {...getInputProps(fields.phone, { type: "tel" })} inputMode="numeric" autoComplete="off" />
      </label>
      <ErrorList id={fields.phone.errorId} errors={fields.phone.errors} />
      <button type="submit">{t("station.tv.roll.walkInAdd")}</button>
    </form>
  );
}
