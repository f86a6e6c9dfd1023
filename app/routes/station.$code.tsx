// 放映屏幕: the station's screen in TV mode (1920×1080 or 1280×720, read from
// three metres, worked with a remote). The operator starts a showing and takes
// the room through it: roll call, the four rings (three for a film without a
// quiz: no test), the close. What happens is
// recorded as the session's events (decision 022); the tests are papers drawn
// per attendee and graded by the worker like any other attempt.
//
// The screen works with no network too (decision 026): what it records goes
// into the device's outbox and up when it can, and when the server cannot be
// reached its data comes from the lesson kit the device downloaded and the
// device's own record of the session (clientLoader).
import { type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data as withStatus, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Link,
  redirect as clientRedirect,
  useActionData,
  useLoaderData,
  useNavigate,
  useParams,
  useRevalidator,
  useSearchParams,
  type ClientActionFunctionArgs,
  type ClientLoaderFunctionArgs,
} from "@remix-run/react";
import { marked } from "marked";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { usePolling } from "~/components/use-polling.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList } from "~/components/forms.tsx";
import { QuizForm, QuizSchema } from "~/components/quiz.tsx";
import { PreparationReadAloud } from "~/components/read-aloud.tsx";
import { Minutes } from "~/components/station/minutes.tsx";
import { useRemoteArrows, useSessionClock } from "~/components/station/remote.ts";
import { RollCall } from "~/components/station/roll-call.tsx";
import { Screening } from "~/components/station/screening.tsx";
import { deviceScreen, NothingOnDevice } from "~/components/station/device-screen.ts";
import { SCREEN_WAYS, ScreenQuery, type Ring } from "~/components/station/screen-address.ts";
import { SyncPanel, useSyncStatus } from "~/components/station/sync-panel.tsx";
import { useServiceWorker } from "~/components/station/use-service-worker.ts";
import { uploadWaiting, useSessionEvents, type Send } from "~/components/station/use-session-events.ts";
import { stagesOf } from "~/domain/four-rings.ts";
import { makeId, record } from "~/station-app/outbox.ts";
import { getLessonById, lessonVideo } from "~/models/course.server.ts";
import { openPaper } from "~/models/quiz.server.ts";
import { screenSession, stationPeople, type AttemptOnScreen, type StationPerson } from "~/models/station-screen.server.ts";
import { accountOfStationPerson } from "~/models/station-session.server.ts";
import { lessonsToPlan, nextPlannedShowing } from "~/models/station.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { stationInReach } from "~/utils/station-access.server.ts";
import { answerRefusalKey, takeStationAnswer } from "~/utils/station-events.server.ts";

export const handle = { screen: "tv" };

/** The rings this session's screen walks through: a film without a quiz skips the test. */
const ringsOf = (session: { hasQuiz: boolean }): readonly Ring[] => ["ROLL", ...stagesOf(session), "CLOSE"];

/** The operator's answer sheet for one attendee: the paper's fields, whose it is and how he gave it. */
const StationAnswerSchema = QuizSchema.extend({
  sessionId: z.string().min(1).max(64),
  personId: z.string().min(1).max(64),
  way: z.enum(SCREEN_WAYS),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { station } = await stationInReach(request, params.code);
  const url = new URL(request.url);
  const query = parseWithZod(url.searchParams, { schema: ScreenQuery });
  invariantResponse(query.status === "success", "放映屏幕的地址不对 (bad screen address)", 400);
  const { ring, person, way } = query.value;
  const clientId = query.value.session ?? station.runningSessionClientId;
  const session = clientId ? await screenSession(station.id, clientId) : null;
  invariantResponse(session || !query.value.session, "没有这场放映 (no such session)");
  const people = await stationPeople({ id: station.id, orgPath: station.org.path });
  const base = { station: { code: station.code, name: station.name, orgName: station.org.name }, people };
  if (!session) {
    const [lessons, next] = await Promise.all([lessonsToPlan(station.org.path), nextPlannedShowing(station.id)]);
    return { ...base, session: null, lessons, next, stationId: station.id };
  }
  const lesson = await getLessonById(session.lessonId);
  invariantResponse(lesson, "这一课已经不在了 (lesson gone)");
  // A paper for one attendee, when the operator opened one: on screen, typed from paper, or recorded aloud.
  const paperOwner = person && way && !session.attempts[person] ? await accountOfStationPerson(station.id, person) : null;
  const paper =
    paperOwner && person && way && lesson.passPercent !== null
      ? { personId: person, way, passPercent: lesson.passPercent, ...(await openPaper(paperOwner, lesson)) }
      : null;
  const phoneUrl = `${url.origin}/t`;
  return {
    ...base,
    stationId: station.id,
    session,
    ring: ring ?? (session.status === "OPEN" ? "ROLL" : "CLOSE"),
    lesson: {
      title: lesson.title,
      guideHtml: await marked.parse(lesson.guideMarkdown),
      thinking: lesson.thinking,
      video: lessonVideo(lesson),
      durationSeconds: lesson.durationSeconds,
      completionShare: lesson.completionShare,
      maxPlaybackRate: lesson.maxPlaybackRate,
      discussionPrompt: lesson.discussionPrompt,
    },
    paper,
    phone: session.testCode
      ? {
          url: phoneUrl,
          code: session.testCode,
          qrSvg: await QRCode.toString(`${phoneUrl}?code=${session.testCode}`, { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { station, user } = await stationInReach(request, params.code);
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: StationAnswerSchema });
  if (submission.status !== "success") return withStatus(submission.reply(), { status: 400 });
  const { sessionId, personId, way, token } = submission.value;
  const taken = await takeStationAnswer({
    stationId: station.id,
    sessionClientId: sessionId,
    personId,
    way,
    token,
    answersOf: (questionId) => form.getAll(`q-${questionId}`).map(String),
    recordedById: user.id,
  });
  if (!taken.ok) return withStatus(submission.reply({ formErrors: [answerRefusalKey(taken.refusal)] }), { status: 400 });
  return redirect(`/station/${station.code}?session=${encodeURIComponent(sessionId)}&ring=TESTING`);
}

type FromServer = ReturnType<typeof useLoaderData<typeof loader>>;

/** Whether this page was opened from the copy the service worker kept (the server did not answer): its data is from the last visit. */
let openedFromCopy = typeof document !== "undefined" && document.documentElement.hasAttribute("data-offline-copy");

/**
 * The server's data when it answers; else the device's own (the kit it
 * downloaded and what it recorded). `offline` says which, for the screen to tell the operator.
 */
export async function clientLoader({ serverLoader, params, request }: ClientLoaderFunctionArgs) {
  const fromCopy = openedFromCopy;
  openedFromCopy = false;
  if (!fromCopy) {
    try {
      return { ...(await serverLoader<typeof loader>()), offline: false, nothingOnDevice: null };
    } catch (error) {
      // A response (404, 403…) is the server's answer; only a failed fetch means no network.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  try {
    const fromDevice: FromServer = await deviceScreen(params.code ?? "", new URL(request.url));
    return { ...fromDevice, offline: true, nothingOnDevice: null };
  } catch (error) {
    if (error instanceof NothingOnDevice) return { nothingOnDevice: error.reason, offline: true } as const;
    throw error;
  }
}
clientLoader.hydrate = true as const;

export function HydrateFallback() {
  const { t } = useTranslation();
  return <p className="tv-muted">{t("stationApp.opening")}</p>;
}

/**
 * An answer sheet goes into the outbox like everything else the screen
 * records, then up to the server, which grades it (decision 026): offline it
 * waits there with the paper drawn for him before.
 */
export async function clientAction({ request, params }: ClientActionFunctionArgs) {
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: StationAnswerSchema });
  if (submission.status !== "success") return submission.reply();
  const { sessionId, personId, way, token } = submission.value;
  const code = params.code ?? "";
  const questionIds = new Set([...form.keys()].filter((key) => key.startsWith("q-")).map((key) => key.slice(2)));
  const answers = Object.fromEntries([...questionIds].map((questionId) => [questionId, form.getAll(`q-${questionId}`).map(String)]));
  await record(code, sessionId, [{ type: "answer-sheet", personId, way, token, answers }]);
  await uploadWaiting(code);
  return clientRedirect(`/station/${code}?session=${encodeURIComponent(sessionId)}&ring=TESTING`);
}

type Loaded = ReturnType<typeof useLoaderData<typeof clientLoader>>;
type Shown = Exclude<Loaded, { nothingOnDevice: "noStation" | "noKit" }>;
type Running = Exclude<Shown, { session: null }>;

export default function StationScreen() {
  const data = useLoaderData<typeof clientLoader>();
  const { t } = useTranslation();
  const screen = useRef<HTMLDivElement>(null);
  const code = useParams().code ?? "";
  const revalidator = useRevalidator();
  useRemoteArrows(screen);
  const shown = data.nothingOnDevice === null ? (data as Shown) : null;
  const version = useServiceWorker(shown?.session?.status === "OPEN");
  // Shown from the device, and the server has now taken what it recorded: show the server's again.
  const status = useSyncStatus(code, () => {
    if (data.offline) revalidator.revalidate();
  });
  return (
    <div className="tv-screen" ref={screen}>
      <header className="tv-header">
        <h1>{shown ? t("station.tv.title", { station: shown.station.name }) : t("stationApp.offline.title")}</h1>
        <span className="tv-buttons">
          <Link to={`/station/${code}/download`}>{t("stationApp.download.link")}</Link>
          <Link to={`/station/${code}/storage`}>{t("stationApp.storage.pageTitle")}</Link>
          <Link to="/org/stations">{t("station.tv.exit")}</Link>
        </span>
      </header>
      <SyncPanel stationCode={code} status={status} offlineCopy={data.offline} version={version} />
      {shown === null ? (
        <p className="notice warn" role="alert">
          {t(`stationApp.offline.${data.nothingOnDevice}`)}
        </p>
      ) : shown.session === null ? (
        <StartScreen data={shown} />
      ) : (
        <SessionScreen data={shown as Running} />
      )}
      <p className="tv-muted">{t("station.tv.keysHint")}</p>
    </div>
  );
}

function StartScreen({ data }: { data: Extract<Shown, { session: null }> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { send } = useSessionEvents(data.station.code, null);
  const [lessonId, setLessonId] = useState(data.next?.lessonId ?? data.lessons[0]?.id ?? "");
  const [starting, setStarting] = useState(false);
  const start = async () => {
    setStarting(true);
    const sessionId = makeId();
    // The device's wall clock: the server keeps it as the session's start when it is plausible.
    await send([{ type: "opened", stationId: data.stationId, lessonId, startedAt: new Date().toISOString() }], {
      sessionId,
      revalidate: false,
    });
    navigate(`/station/${data.station.code}?session=${sessionId}&ring=ROLL`);
  };
  return (
    <section className="tv-panel" aria-labelledby="start-title">
      <h2 id="start-title">{t("station.tv.startTitle")}</h2>
      <p>
        {data.next
          ? t("station.tv.nextPlanned", { date: data.next.date, time: data.next.time, lesson: data.next.lessonTitle })
          : t("station.tv.nothingPlanned")}
      </p>
      <label className="tv-field">
        {t("station.tv.lesson")}
        <select value={lessonId} onChange={(event) => setLessonId(event.target.value)} data-testid="start-lesson">
          {data.lessons.map((lesson) => (
            <option key={lesson.id} value={lesson.id}>
              {lesson.course.title} · {lesson.title}
            </option>
          ))}
        </select>
      </label>
      <p className="tv-buttons">
        <button type="button" onClick={() => void start()} disabled={starting || !lessonId}>
          {t("station.tv.start")}
        </button>
      </p>
    </section>
  );
}

function SessionScreen({ data }: { data: Running }) {
  const { t } = useTranslation();
  const { session, lesson } = data;
  const [, setSearchParams] = useSearchParams();
  const { send } = useSessionEvents(data.station.code, session.clientId);
  const clock = useSessionClock(session.elapsedMs);
  const ring = data.ring as Ring;
  const closed = session.status === "CLOSED";
  const goTo = (next: Ring) => setSearchParams({ session: session.clientId, ring: next });
  const attendees = data.people.filter((person) => session.presence[person.id]);
  const rings = ringsOf(session);
  // A ring the session does not run (a test for a film without a quiz, typed into the address) leads nowhere.
  const nextRing = rings.includes(ring) ? rings[rings.indexOf(ring) + 1] : undefined;

  return (
    <>
      <p className="tv-now">{t("station.tv.running", { lesson: lesson.title })}</p>
      {closed ? null : (
        <nav aria-label={t("station.tv.ringNav")}>
          <ol className="tv-rings">
            {rings.map((name) => (
              <li key={name}>
                <Link
                  to={`?session=${encodeURIComponent(session.clientId)}&ring=${name}`}
                  aria-current={ring === name ? "step" : undefined}
                  replace
                >
                  {t(`station.tv.rings.${name}`)}
                </Link>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <section className="tv-panel" aria-labelledby="ring-title">
        <h2 id="ring-title">{closed ? t("station.tv.result.title", { lesson: lesson.title }) : t(`station.tv.rings.${ring}`)}</h2>
        {closed ? (
          <SessionResult data={data} attendees={attendees} />
        ) : ring === "ROLL" ? (
          <RollCall people={data.people} presence={session.presence} clock={clock} send={send} />
        ) : ring === "PREPARATION" ? (
          <Preparation guideHtml={lesson.guideHtml} thinking={lesson.thinking} />
        ) : ring === "VIEWING" ? (
          <Screening
            title={lesson.title}
            video={lesson.video}
            durationSeconds={lesson.durationSeconds}
            completionShare={lesson.completionShare}
            maxPlaybackRate={lesson.maxPlaybackRate}
            stretches={session.stretches}
            clock={clock}
            send={send}
          />
        ) : ring === "DISCUSSION" ? (
          <Minutes prompt={lesson.discussionPrompt} attendees={attendees} minutes={session.minutes} send={send} />
        ) : ring === "TESTING" ? (
          <Testing data={data} attendees={attendees} />
        ) : (
          <CloseSession data={data} attendees={attendees} clock={clock} send={send} />
        )}
        {!closed && nextRing ? (
          <p className="tv-buttons">
            <button type="button" className="secondary" onClick={() => goTo(nextRing)}>
              {t("station.tv.nextRing", { ring: t(`station.tv.rings.${nextRing}`) })}
            </button>
          </p>
        ) : null}
      </section>
    </>
  );
}

function Preparation({ guideHtml, thinking }: { guideHtml: string; thinking: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      <PreparationReadAloud guideId="tv-guide" thinking={thinking} />
      <div className="tv-columns">
        <div>
          <h3>{t("station.tv.preparation.guide")}</h3>
          <div className="guide" id="tv-guide" dangerouslySetInnerHTML={{ __html: guideHtml }} />
        </div>
        <div>
          <h3>{t("station.tv.preparation.thinking")}</h3>
          <ol>
            {thinking.map((question) => (
              <li key={question}>{question}</li>
            ))}
          </ol>
        </div>
      </div>
    </>
  );
}

/** What an attendee's test stands at, in words. */
function attemptText(t: (key: string, options?: Record<string, unknown>) => string, attempt: AttemptOnScreen | undefined) {
  if (!attempt) return t("station.tv.testing.status.none");
  if (attempt.status === "WAITING_UPLOAD")
    return `${t(`station.tv.testing.ways.${attempt.way}`)} · ${t("stationApp.offline.waitingGrade")}`;
  const way = t(`station.tv.testing.ways.${attempt.way}`);
  if (attempt.status === "GRADED") {
    const score = Math.round(attempt.scorePercent ?? 0);
    return `${way} · ${attempt.passed ? t("station.tv.testing.status.passed", { score }) : t("station.tv.testing.status.failed", { score })}`;
  }
  return `${way} · ${t(`station.tv.testing.status.${attempt.status === "AWAITING_REVIEW" ? "AWAITING_REVIEW" : "SUBMITTED"}`)}`;
}

function Testing({ data, attendees }: { data: Running; attendees: StationPerson[] }) {
  const { t } = useTranslation();
  const { session } = data;
  usePolling(data.paper === null && session.status === "OPEN");
  if (!session.hasQuiz) return <p>{t("station.tv.testing.noQuiz")}</p>;
  if (data.paper) return <AnswerSheet data={data} attendees={attendees} />;
  return (
    <div className="tv-columns">
      <div>
        <h3>{t("station.tv.testing.attendees")}</h3>
        <AttendeeTests data={data} attendees={attendees} ways={SCREEN_WAYS} />
      </div>
      {data.phone ? (
        <div className="tv-phone">
          <h3>{t("station.tv.testing.phoneTitle")}</h3>
          <div
            className="tv-qr"
            role="img"
            aria-label={t("station.tv.testing.qrLabel")}
            dangerouslySetInnerHTML={{ __html: data.phone.qrSvg }}
          />
          <p>{t("station.tv.testing.phoneHow", { url: data.phone.url })}</p>
          <p className="tv-code">
            {t("station.tv.testing.code")}：<strong data-testid="test-code">{data.phone.code}</strong>
          </p>
          <p className="tv-muted">{t("station.tv.testing.codeClosed")}</p>
        </div>
      ) : null}
    </div>
  );
}

/** Each attendee's test, with the ways left to give it. */
function AttendeeTests({
  data,
  attendees,
  ways,
}: {
  data: Running;
  attendees: StationPerson[];
  ways: readonly (typeof SCREEN_WAYS)[number][];
}) {
  const { t } = useTranslation();
  const { session } = data;
  return (
    <ul className="tv-list" data-testid="attendee-tests">
      {attendees.map((person) => (
        <li key={person.id}>
          <span>
            {person.name}{" "}
            <span className="tv-muted">
              {person.hasAccount ? attemptText(t, session.attempts[person.id]) : t("station.tv.testing.villager")}
            </span>
          </span>
          {person.hasAccount && !session.attempts[person.id] ? (
            <span className="tv-buttons">
              {ways.map((way) => (
                <Link
                  key={way}
                  className="button secondary"
                  to={`?session=${encodeURIComponent(session.clientId)}&ring=TESTING&person=${encodeURIComponent(person.id)}&way=${way}`}
                  aria-label={t("station.tv.testing.wayLabel", { name: person.name, way: t(`station.tv.testing.${way.toLowerCase()}`) })}
                >
                  {t(`station.tv.testing.${way.toLowerCase()}`)}
                </Link>
              ))}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function AnswerSheet({ data, attendees }: { data: Running; attendees: StationPerson[] }) {
  const { t } = useTranslation();
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const paper = data.paper!;
  const name = attendees.find((person) => person.id === paper.personId)?.name ?? "";
  return (
    <div>
      <h3>{t("station.tv.testing.paperFor", { name, way: t(`station.tv.testing.ways.${paper.way}`) })}</h3>
      {paper.way === "ORAL" ? <p className="notice">{t("station.tv.testing.oralNote")}</p> : null}
      {paper.way === "PAPER" ? <p className="notice">{t("station.tv.testing.paperNote")}</p> : null}
      <ErrorList id="answer-errors" errors={lastResult?.error?.[""]} />
      <QuizForm
        paper={{ token: paper.token, questions: paper.questions, attemptLimit: null, attemptsLeft: null }}
        passPercent={paper.passPercent}
        lastResult={lastResult}
        schema={StationAnswerSchema}
        hidden={{
          sessionId: data.session.clientId,
          personId: paper.personId,
          way: paper.way,
        }}
      />
      <p>
        <Link to={`?session=${encodeURIComponent(data.session.clientId)}&ring=TESTING`}>{t("station.tv.testing.backToList")}</Link>
      </p>
    </div>
  );
}

function CloseSession({ data, attendees, clock, send }: { data: Running; attendees: StationPerson[]; clock: () => number; send: Send }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  // The remote's next Enter confirms: the focus moves to the button that does.
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);
  const { session, lesson } = data;
  const percent = Math.floor(session.screeningShare * 100);
  const required = Math.round(lesson.completionShare * 100);
  return (
    <div>
      <p className="tv-big">
        {t("station.tv.close.summary", { present: attendees.length, answered: Object.keys(session.attempts).length })}
      </p>
      <p className="tv-big">{t("station.tv.close.shown", { percent, required })}</p>
      {session.screeningComplete ? null : (
        <p className="notice warn" role="alert">
          {t("station.tv.close.short", { percent, required })}
        </p>
      )}
      <p className="tv-buttons">
        {confirming ? (
          <>
            <span>{t("station.tv.close.confirm")}</span>
            <button type="button" onClick={() => void send([{ type: "closed", atMs: clock() }])} ref={confirm}>
              {t("station.tv.close.button")}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t("station.tv.close.cancel")}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t("station.tv.close.button")}
          </button>
        )}
      </p>
    </div>
  );
}

function SessionResult({ data, attendees }: { data: Running; attendees: StationPerson[] }) {
  const { t } = useTranslation();
  const { session } = data;
  const grading = Object.values(session.attempts).some((attempt) => attempt.status === "SUBMITTED");
  usePolling(grading);
  if (data.paper) return <AnswerSheet data={data} attendees={attendees} />;
  const minutesOf = (windows: { fromMs: number; toMs: number | null }[]) =>
    Math.round(windows.reduce((sum, window) => sum + ((window.toMs ?? window.fromMs) - window.fromMs), 0) / 60_000);
  const speakers = data.people.filter((person) => session.minutes?.speakerIds.includes(person.id)).map((person) => person.name);
  return (
    <>
      <p>
        {t("station.tv.close.shown", {
          percent: Math.floor(session.screeningShare * 100),
          required: Math.round(data.lesson.completionShare * 100),
        })}
      </p>
      <table data-testid="session-result">
        <thead>
          <tr>
            <th scope="col">{t("station.tv.result.columns.name")}</th>
            <th scope="col">{t("station.tv.result.columns.presence")}</th>
            <th scope="col">{t("station.tv.result.columns.test")}</th>
            <th scope="col">{t("station.tv.result.columns.outcome")}</th>
          </tr>
        </thead>
        <tbody>
          {attendees.map((person) => {
            const outcome = session.outcomes[person.id];
            const attempt = session.attempts[person.id];
            return (
              <tr key={person.id}>
                <th scope="row">{person.name}</th>
                <td>{t("station.tv.result.minutesPresent", { count: minutesOf(session.presence[person.id] ?? []) })}</td>
                <td>
                  {person.hasAccount ? attemptText(t, attempt) : t("station.tv.testing.villager")}
                  {person.hasAccount && session.hasQuiz && !attempt ? (
                    <>
                      {" "}
                      <Link
                        to={`?session=${encodeURIComponent(session.clientId)}&person=${encodeURIComponent(person.id)}&way=PAPER`}
                        aria-label={`${person.name} ${t("station.tv.result.addPaper")}`}
                      >
                        {t("station.tv.result.addPaper")}
                      </Link>
                    </>
                  ) : null}
                </td>
                <td>
                  {attempt?.status === "SUBMITTED"
                    ? t("station.tv.result.grading")
                    : outcome
                      ? t(`station.tv.result.statuses.${outcome.status}`, { hours: outcome.hours })
                      : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t("station.tv.result.minutes")}</h3>
      {session.minutes ? (
        <>
          <p className="pre-line">{session.minutes.summary}</p>
          {speakers.length > 0 ? <p>{t("station.tv.result.speakers", { names: speakers.join("、") })}</p> : null}
        </>
      ) : (
        <p>{t("station.tv.result.noMinutes")}</p>
      )}
      <p className="tv-buttons">
        <Link className="button" to={`/station/${data.station.code}`}>
          {t("station.tv.result.back")}
        </Link>
      </p>
    </>
  );
}

export const meta: MetaFunction<typeof clientLoader> = ({ data, params }) => [
  // Installed from here, the app opens on this station.
  { tagName: "link", rel: "manifest", href: `/station/${encodeURIComponent(params.code ?? "")}/manifest.webmanifest` },
  { name: "theme-color", content: "#b71c1c" },
  // Offline with nothing downloaded, the device knows no station's name.
  { title: `${(data as Loaded | undefined)?.nothingOnDevice === null ? (data as Shown).station.name : "站点"} 放映 · 四环学习` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
