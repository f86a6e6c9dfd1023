// 手机答题: an attendee takes the station session's test on his own phone,
// with the code shown on the station's screen and no password. The operator's
// sign-in vouches for him (his answers are recorded under the operator who
// opened the session); the code stops working when the session closes. One
// attempt per attendee and session, graded by the worker like any other.
import { type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data as withStatus, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList } from "~/components/forms.tsx";
import { QuizForm, QuizSchema } from "~/components/quiz.tsx";
import { getLessonById } from "~/models/course.server.ts";
import { openPaper } from "~/models/quiz.server.ts";
import { screenSession, sessionByTestCode, sessionOpenerId, stationPeople } from "~/models/station-screen.server.ts";
import { accountOfStationPerson } from "~/models/station-session.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { answerRefusalKey, takeStationAnswer } from "~/utils/station-events.server.ts";

const TEST_CODE = /^\d{6}$/;

const PhoneQuery = z.object({
  code: z.string().trim().optional(),
  person: z.string().min(1).max(64).optional(),
  done: z.literal("1").optional(),
});

const PhoneAnswerSchema = QuizSchema.extend({ code: z.string().regex(TEST_CODE), personId: z.string().min(1).max(64) });

/** The running session of a code, with its station's path; null for a wrong or expired code. */
async function sessionOfCode(code: string | undefined) {
  return code && TEST_CODE.test(code) ? sessionByTestCode(code) : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseWithZod(new URL(request.url).searchParams, { schema: PhoneQuery });
  invariantResponse(query.status === "success", "地址不对 (bad address)", 400);
  const { code, person, done } = query.value;
  if (!code) return { state: "code" as const, code: "", wrongCode: false };
  const found = await sessionOfCode(code);
  if (!found) return { state: "code" as const, code, wrongCode: true };
  if (done) return { state: "done" as const, code };
  const lesson = await getLessonById(found.lessonId);
  invariantResponse(lesson, "没有这份试卷 (no paper)");
  // A film without a quiz: nothing to answer, and the attendee is told so (being there is what counts).
  if (lesson.passPercent === null) return { state: "no-quiz" as const, code, stationName: found.station.name, lessonTitle: lesson.title };
  const session = await screenSession(found.stationId, found.clientId);
  invariantResponse(session, "没有这场放映 (no such session)");
  const people = await stationPeople({ id: found.stationId, orgPath: found.station.org.path });
  // Those on the roll with an account who have not answered yet: the names an attendee picks his own from.
  const waiting = people.filter((one) => session.presence[one.id] && one.hasAccount && !session.attempts[one.id]);
  const chosen = person ? waiting.find((one) => one.id === person) : undefined;
  if (!chosen)
    return { state: "who" as const, code, stationName: found.station.name, people: waiting.map(({ id, name }) => ({ id, name })) };
  const account = await accountOfStationPerson(found.stationId, chosen.id);
  invariantResponse(account, "没有这份试卷 (no paper)");
  return {
    state: "paper" as const,
    code,
    stationName: found.station.name,
    person: { id: chosen.id, name: chosen.name },
    lesson: { title: lesson.title },
    paper: { ...(await openPaper(account, lesson)), passPercent: lesson.passPercent },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: PhoneAnswerSchema });
  if (submission.status !== "success") return withStatus(submission.reply(), { status: 400 });
  const { code, personId, token } = submission.value;
  const found = await sessionOfCode(code);
  const openerId = found ? await sessionOpenerId(found.clientId) : null;
  if (!found || !openerId) return withStatus(submission.reply({ formErrors: ["station.tv.answerProblems.code-unknown"] }), { status: 400 });
  const taken = await takeStationAnswer({
    stationId: found.stationId,
    sessionClientId: found.clientId,
    personId,
    way: "PHONE",
    token,
    answersOf: (questionId) => form.getAll(`q-${questionId}`).map(String),
    recordedById: openerId,
  });
  if (!taken.ok) return withStatus(submission.reply({ formErrors: [answerRefusalKey(taken.refusal)] }), { status: 400 });
  return redirect(`/t?code=${code}&done=1`);
}

export default function PhoneTest() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const { t } = useTranslation();
  return (
    <article className="phone-test">
      <h1>{t("station.tv.phone.title")}</h1>
      {data.state === "code" ? (
        <Form method="get">
          <label>
            {t("station.tv.phone.codeLabel")}
            <input
              name="code"
              defaultValue={data.code}
              inputMode="numeric"
              autoComplete="off"
              pattern="\d{6}"
              required
              aria-invalid={data.wrongCode || undefined}
              aria-describedby={data.wrongCode ? "code-error" : undefined}
            />
          </label>
          <ErrorList id="code-error" errors={data.wrongCode ? ["station.tv.answerProblems.code-unknown"] : []} />
          <button type="submit">{t("station.tv.phone.go")}</button>
        </Form>
      ) : data.state === "done" ? (
        <p className="notice ok" role="status">
          {t("station.tv.phone.submitted")}
        </p>
      ) : data.state === "no-quiz" ? (
        <>
          <p className="muted">
            {data.stationName} · {data.lessonTitle}
          </p>
          <p className="notice" role="status">
            {t("station.tv.phone.noQuiz")}
          </p>
        </>
      ) : data.state === "who" ? (
        <>
          <p className="muted">{data.stationName}</p>
          <h2>{t("station.tv.phone.who")}</h2>
          <ul className="stack">
            {data.people.map((one) => (
              <li key={one.id}>
                <Link className="button" to={`/t?code=${data.code}&person=${encodeURIComponent(one.id)}`}>
                  {one.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p className="muted">
            {data.stationName} · {data.lesson.title}
          </p>
          <h2>{data.person.name}</h2>
          <ErrorList id="answer-errors" errors={lastResult?.error?.[""]} />
          <QuizForm
            paper={{ ...data.paper, attemptLimit: null, attemptsLeft: null }}
            passPercent={data.paper.passPercent}
            lastResult={lastResult}
            schema={PhoneAnswerSchema}
            hidden={{ code: data.code, personId: data.person.id }}
          />
        </>
      )}
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "放映测试 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
