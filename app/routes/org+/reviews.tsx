// 简答题批阅: a trainer grades the short answers of learners in his part of the
// tree. Each decision goes to the audit log with his name; when the last short
// answer of a test is decided, the grading worker computes the score and, on a
// pass, completes the lesson's testing stage as it does for every test.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data as withStatus, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { checkReview, reviewProblem } from "~/domain/quiz-rules.ts";
import { getAnswerForReview, listAttemptsAwaitingReview, recordShortAnswerReview } from "~/models/quiz.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { permittedRoots, requireLearnerPermission, requirePermission } from "~/utils/permissions.server.ts";
import { enqueueGrading, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { beijingDateTime } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { fieldErrorsFrom } from "~/utils/problems.ts";

// Messages are i18n keys; the rules (checkReview) still decide the points against the question.
const ReviewSchema = z.object({
  intent: z.literal("review"),
  answerId: z.string({ required_error: "review.problems.invalid" }).max(64, "review.problems.invalid"),
  verdict: z.enum(["correct", "incorrect"], { errorMap: () => ({ message: "review.problems.verdictRequired" }) }),
  // An empty field is "not given" (Conform leaves it out), not 0.
  points: z
    .number({ required_error: "review.problems.pointsRequired", invalid_type_error: "review.problems.pointsRequired" })
    .finite("review.problems.pointsRequired"),
});

const NOTICES = ["saved", "finished", "queueDown"] as const;
type Notice = (typeof NOTICES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "learner:view");
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    attempts: await listAttemptsAwaitingReview(permittedRoots(user, "learner:view"), user.id),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "learner:view");
  const submission = parseWithZod(await request.formData(), { schema: ReviewSchema });
  // Which answer: without a usable one there is nothing to look up (and nothing to reveal).
  if (submission.status !== "success" && submission.error?.answerId) return withStatus(submission.reply(), { status: 400 });
  const answer = await getAnswerForReview(String(submission.payload.answerId));
  invariantResponse(answer, "Answer not found");
  // The learner must be in the reviewer's part of the tree, like his record, before anything is said about the form.
  const reviewer = await requireLearnerPermission(request, "learner:view", answer.attempt.learnerId);
  if (submission.status !== "success") return withStatus(submission.reply(), { status: 400 });
  const { answerId, verdict, points } = submission.value;
  const problem = checkReview({
    reviewerId: reviewer.id,
    learnerId: answer.attempt.learnerId,
    attemptStatus: answer.attempt.status,
    questionType: answer.questionType,
    alreadyReviewed: answer.alreadyReviewed,
    maxPoints: answer.maxPoints,
    verdict,
    points,
  });
  if (problem)
    return withStatus(submission.reply({ fieldErrors: fieldErrorsFrom([reviewProblem(problem)], "review.problems") }), { status: 400 });

  const { recorded, attemptFullyReviewed } = await recordShortAnswerReview({
    answerId,
    attemptId: answer.attempt.id,
    learnerId: answer.attempt.learnerId,
    learnerOrgId: answer.attempt.learnerOrgId,
    questionId: answer.questionId,
    reviewerId: reviewer.id,
    correct: verdict === "correct",
    points,
    maxPoints: answer.maxPoints,
  });
  // Another trainer decided it a moment earlier.
  if (!recorded)
    return withStatus(submission.reply({ fieldErrors: fieldErrorsFrom([reviewProblem("already-reviewed")], "review.problems") }), {
      status: 400,
    });
  if (!attemptFullyReviewed) return redirect("/org/reviews?notice=saved");
  // The decisions are saved either way; the worker's sweep finds the reviewed attempt once the queue is back.
  const queued = await queueOrLeaveForSweep(() => enqueueGrading(answer.attempt.id, "reviewed"), {
    what: "grading after review",
    attemptId: answer.attempt.id,
  });
  return redirect(`/org/reviews?notice=${queued ? "finished" : "queueDown"}`);
}

/** One short answer's decision. The action's answer reaches only the form of the answer it was about. */
function ReviewForm({
  answerId,
  maxPoints,
  lastResult,
}: {
  answerId: string;
  maxPoints: number;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(ReviewSchema, {
    id: `review-${answerId}`,
    lastResult,
  });
  return (
    <Form method="post" className="review-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="review" />
      <input type="hidden" name="answerId" value={answerId} />
      <fieldset aria-describedby={fields.verdict.errors ? fields.verdict.errorId : undefined}>
        <legend>{t("review.verdict")}</legend>
        <label className="option">
          <input type="radio" name={fields.verdict.name} value="correct" required /> <span>{t("review.correct")}</span>
        </label>
        <label className="option">
          <input type="radio" name={fields.verdict.name} value="incorrect" required /> <span>{t("review.incorrect")}</span>
        </label>
        <ErrorList id={fields.verdict.errorId} errors={fields.verdict.errors} />
      </fieldset>
      <label htmlFor={fields.points.id}>{t("review.points", { max: maxPoints })}</label>
      <input {...getInputProps(fields.points, { type: "number" })} min={0} max={maxPoints} step={0.5} inputMode="decimal" />
      <ErrorList id={fields.points.errorId} errors={fields.points.errors} />
      <ErrorList id={form.errorId} errors={[...(form.errors ?? []), ...(fields.answerId.errors ?? [])]} />
      <p>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("review.submit")}
        </button>
      </p>
    </Form>
  );
}

export default function Reviews() {
  const { attempts, notice } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("review.title")}</h1>
      <p className="muted">{t("review.intro")}</p>
      {notice ? (
        <p className={`notice ${notice === "queueDown" ? "warn" : "ok"}`} role="status">
          {t(`review.${notice}`)}
        </p>
      ) : null}
      {attempts.length === 0 ? <p className="muted">{t("review.none")}</p> : null}
      {attempts.map((attempt) => (
        <section key={attempt.id} className="card" data-testid="review-attempt">
          <h2>
            {attempt.learner.name} <span className="muted">{attempt.learner.branch}</span>
          </h2>
          <p className="muted">
            {attempt.lesson}
            {attempt.attemptNumber ? ` · ${t("review.attemptOf", { number: attempt.attemptNumber })}` : null}
            {" · "}
            {t("review.submittedAt", { time: beijingDateTime(attempt.submittedAt) })}
            {attempt.objective.possible > 0 ? ` · ${t("review.objective", attempt.objective)}` : null}
          </p>
          {attempt.shortAnswers.map((answer) => (
            <div key={answer.id} className="question">
              <p>
                <strong>{answer.prompt}</strong> <span className="muted">{t("review.question", { points: answer.points })}</span>
              </p>
              <p className="muted">{t("review.response")}</p>
              <p className="post">{String(answer.response)}</p>
              <p className="muted">
                {t("review.reference")}：{answer.reference}
              </p>
              {answer.guidance ? (
                <p className="muted">
                  {t("review.guidance")}：{answer.guidance}
                </p>
              ) : null}
              {answer.reviewed ? (
                <p className="notice ok">
                  {t("review.reviewed", {
                    verdict: t(answer.reviewed.correct ? "review.correct" : "review.incorrect"),
                    points: answer.reviewed.points,
                  })}
                </p>
              ) : (
                <ReviewForm
                  answerId={answer.id}
                  maxPoints={answer.points}
                  lastResult={lastResult?.initialValue?.answerId === answer.id ? lastResult : undefined}
                />
              )}
            </div>
          ))}
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "简答题批阅 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
