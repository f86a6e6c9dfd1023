// 简答题批阅: a trainer grades the short answers of learners in his part of the
// tree. Each decision goes to the audit log with his name; when the last short
// answer of a test is decided, the grading worker computes the score and, on a
// pass, completes the lesson's testing stage as it does for every test.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { checkReview } from "~/domain/quiz-rules.ts";
import { getAnswerForReview, listAttemptsAwaitingReview, recordShortAnswerReview } from "~/models/quiz.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { permittedRoots, requireLearnerPermission, requirePermission } from "~/utils/permissions.server.ts";
import { enqueueGrading, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { beijingDateTime } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

const ReviewSchema = z.object({
  intent: z.literal("review"),
  answerId: z.string().min(1).max(64),
  verdict: z.enum(["correct", "incorrect"]),
  // An empty field is "not given", not 0: coercion alone would turn "" into 0.
  points: z.string().trim().min(1).pipe(z.coerce.number().finite()),
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
  const form = await request.formData();
  const parsed = ReviewSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { answerId: String(form.get("answerId") ?? ""), error: "review.problems.invalid" };
  const { answerId, verdict, points } = parsed.data;

  const answer = await getAnswerForReview(answerId);
  invariantResponse(answer, "Answer not found");
  // The learner must be in the reviewer's part of the tree, like his record.
  const reviewer = await requireLearnerPermission(request, "learner:view", answer.attempt.learnerId);
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
  if (problem) return { answerId, error: `review.problems.${problem}` };

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
  if (!recorded) return { answerId, error: "review.problems.already-reviewed" };
  if (!attemptFullyReviewed) return redirect("/org/reviews?notice=saved");
  // The decisions are saved either way; the worker's sweep finds the reviewed attempt once the queue is back.
  const queued = await queueOrLeaveForSweep(() => enqueueGrading(answer.attempt.id, "reviewed"), { what: "grading after review", attemptId: answer.attempt.id });
  return redirect(`/org/reviews?notice=${queued ? "finished" : "queueDown"}`);
}

export default function Reviews() {
  const { attempts, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
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
                  {t("review.reviewed", { verdict: t(answer.reviewed.correct ? "review.correct" : "review.incorrect"), points: answer.reviewed.points })}
                </p>
              ) : (
                <Form method="post" className="review-form">
                  <input type="hidden" name="answerId" value={answer.id} />
                  <fieldset>
                    <legend>{t("review.verdict")}</legend>
                    <label className="option">
                      <input type="radio" name="verdict" value="correct" required /> <span>{t("review.correct")}</span>
                    </label>
                    <label className="option">
                      <input type="radio" name="verdict" value="incorrect" required /> <span>{t("review.incorrect")}</span>
                    </label>
                  </fieldset>
                  <label htmlFor={`points-${answer.id}`}>{t("review.points", { max: answer.points })}</label>
                  <input id={`points-${answer.id}`} type="number" name="points" min={0} max={answer.points} step={0.5} required inputMode="decimal" />
                  {actionData?.answerId === answer.id ? (
                    <p className="form-error" role="alert">
                      {t(actionData.error)}
                    </p>
                  ) : null}
                  <p>
                    <button type="submit" name="intent" value="review" disabled={navigation.state === "submitting"}>
                      {t("review.submit")}
                    </button>
                  </p>
                </Form>
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
