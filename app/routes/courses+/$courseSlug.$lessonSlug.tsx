// One lesson, four rings: preparation → viewing → discussion → testing (a film
// without a quiz has the first three). The server decides which stage is open;
// each form works without JavaScript.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data as withStatus, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { marked } from "marked";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AnswerSchema, Discussion, ReplySchema } from "~/components/discussion.tsx";
import { ErrorList } from "~/components/forms.tsx";
import { LessonPlayer } from "~/components/lesson-player.tsx";
import { DisplaySettings, useDisplayPreferences } from "~/components/preferences.tsx";
import { QuizForm, QuizResult, QuizSchema } from "~/components/quiz.tsx";
import { PreparationReadAloud } from "~/components/read-aloud.tsx";
import { usePolling } from "~/components/use-polling.ts";
import { ViewingQuestions } from "~/components/viewing-questions.tsx";
import { checkAnswer, checkReply, replyRefusal, textProblem } from "~/domain/discussion.ts";
import {
  currentStage,
  hasQuiz,
  isStageDone,
  isStageOpen,
  NOT_STARTED,
  STAGES,
  stagesOf,
  type RingTerms,
  type Stage,
  type StageDates,
} from "~/domain/four-rings.ts";
import { responsesForDraw } from "~/domain/quiz-draw.ts";
import { gateProblem, presentAttempt, quizGate, type QuizGate } from "~/domain/quiz-rules.ts";
import type { Interval } from "~/domain/watch-intervals.ts";
import { catalogViewerPaths, lessonVideo, getLessonBySlugs } from "~/models/course.server.ts";
import { createPost, getReplyTarget, hasAnswered, listDiscussion, studyOrgIdsOf } from "~/models/discussion.server.ts";
import { lessonLedgerEntry, trainingHours } from "~/models/ledger.server.ts";
import { getStageDates, markStageDone } from "~/models/progress.server.ts";
import {
  AttemptLimitReached,
  countAttempts,
  findDraw,
  getAttemptForLearner,
  latestAttempt,
  openPaper,
  questionTypes,
  submitAttempt,
} from "~/models/quiz.server.ts";
import { getWatchState } from "~/models/watch.server.ts";
import type { SessionUser } from "~/models/user.server.ts";
import { requirePermission } from "~/utils/permissions.server.ts";
import { formatHours, invariantResponse } from "~/utils/misc.ts";
import { enqueueGrading, enqueueHours, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { fieldErrorsFrom, type Problem } from "~/utils/problems.ts";

const PrepareSchema = z.object({ intent: z.literal("prepare") });

// One form per stage, one schema for all: each form sends its `intent`, and
// each member schema is the one that form validates with in the browser.
// Lengths of discussion texts are the rules' to check, which hand the typed text back.
const ActionSchema = z.discriminatedUnion("intent", [PrepareSchema, AnswerSchema, ReplySchema, QuizSchema], {
  errorMap: (issue, context) =>
    issue.code === "invalid_union_discriminator" ? { message: "lesson.unknownIntent" } : { message: context.defaultError },
});

type Lesson = NonNullable<Awaited<ReturnType<typeof getLessonBySlugs>>>;

/** The lesson, or 404 when there is none or its course's sharing hides it from this learner. */
async function loadLesson(params: LoaderFunctionArgs["params"], user: SessionUser) {
  const lesson = await getLessonBySlugs(params.courseSlug ?? "", params.lessonSlug ?? "", await catalogViewerPaths(user));
  invariantResponse(lesson, "Lesson not found");
  return lesson;
}

const ringTerms = (lesson: Lesson): RingTerms => ({ hasQuiz: hasQuiz(lesson) });

/** Whether this learner may sit the lesson's test now, from his stages and attempts. */
async function gateFor(userId: string, lesson: Lesson, stages: StageDates): Promise<QuizGate> {
  const [attemptsUsed, latest] = await Promise.all([countAttempts(userId, lesson.id), latestAttempt(userId, lesson.id)]);
  return quizGate({
    stageOpen: isStageOpen(stages, "TESTING", ringTerms(lesson)),
    stageDone: isStageDone(stages, "TESTING"),
    attemptLimit: lesson.attemptLimit,
    attemptsUsed,
    latest,
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "study");
  const lesson = await loadLesson(params, user);
  const [progress, watch, attemptFromUrl, ledgerEntry] = await Promise.all([
    getStageDates(user.id, lesson.id),
    getWatchState(user.id, lesson.id),
    (async () => {
      const id = new URL(request.url).searchParams.get("attempt");
      return id ? getAttemptForLearner(id, user.id) : null;
    })(),
    lessonLedgerEntry(user.id, lesson.id),
  ]);
  const stages = progress ?? NOT_STARTED;
  const stored =
    (attemptFromUrl?.lessonId === lesson.id ? attemptFromUrl : null) ??
    (await latestAttempt(user.id, lesson.id).then((latest) => (latest ? getAttemptForLearner(latest.id, user.id) : null)));
  // The answers leave the server only when the lesson's reveal policy allows it.
  const attempt = stored ? presentAttempt(stored, stored.revealAnswers) : null;
  const terms = ringTerms(lesson);
  const gate = await gateFor(user.id, lesson, stages);
  const discussionOpen = isStageOpen(stages, "DISCUSSION", terms);
  return {
    lesson: {
      id: lesson.id,
      title: lesson.title,
      course: lesson.course,
      guideHtml: await marked.parse(lesson.guideMarkdown),
      thinking: lesson.thinking,
      video: lessonVideo(lesson),
      durationSeconds: lesson.durationSeconds,
      completionShare: lesson.completionShare,
      maxPlaybackRate: lesson.maxPlaybackRate,
      pauseWhenHidden: lesson.pauseWhenHidden,
      noSeekingAhead: lesson.noSeekingAhead,
      attentionCheckMinutes: lesson.attentionCheckMinutes,
      discussionPrompt: lesson.discussionPrompt,
      discussionMinLength: lesson.discussionMinLength,
      classHours: lesson.classHours,
    },
    /** The rings this lesson runs: a film without a quiz has no testing ring. */
    rings: stagesOf(terms),
    stages: Object.fromEntries(
      STAGES.map((stage) => [stage, { done: isStageDone(stages, stage), open: isStageOpen(stages, stage, terms) }]),
    ) as Record<Stage, { done: boolean; open: boolean }>,
    current: currentStage(stages, terms),
    watch: { intervals: watch.intervals as Interval[], lastPosition: watch.lastPosition, attentionAt: watch.attentionAt },
    posts: discussionOpen ? await listDiscussion(lesson.id, user.id) : [],
    attempt,
    quizGate: gate,
    quiz:
      gate.state === "open" && lesson.passPercent !== null
        ? {
            ...(await openPaper(user.id, lesson)),
            passPercent: lesson.passPercent,
            attemptsLeft: gate.attemptsLeft,
            attemptLimit: lesson.attemptLimit,
          }
        : null,
    queueDown: new URL(request.url).searchParams.get("queue") === "down",
    hours: ledgerEntry ? { earned: ledgerEntry.classHours, total: await trainingHours(user.id) } : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "study");
  const lesson = await loadLesson(params, user);
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: ActionSchema });
  if (submission.status !== "success") return withStatus(submission.reply(), { status: 400 });
  /** A refusal by the rules, with what was typed handed back. */
  const refuse = (problems: Problem[], keyPrefix: string) =>
    withStatus(submission.reply({ fieldErrors: fieldErrorsFrom(problems, keyPrefix) }), { status: 400 });
  const stages = (await getStageDates(user.id, lesson.id)) ?? NOT_STARTED;
  const terms = ringTerms(lesson);
  const here = `/courses/${lesson.course.slug}/${params.lessonSlug}`;
  const value = submission.value;
  switch (value.intent) {
    case "prepare":
      await markStageDone(user.id, lesson.id, "PREPARATION");
      return redirect(`${here}#viewing`);
    case "post": {
      if (!isStageOpen(stages, "DISCUSSION", terms)) return refuse([{ field: "", code: "stageLocked" }], "lesson");
      // A repeated submit (back button, double tap): the first answer stands.
      if (await hasAnswered(lesson.id, user.id)) return redirect(`${here}#discussion`);
      const answer = checkAnswer(value.body, lesson.discussionMinLength);
      if (!answer.ok) return refuse([textProblem("body", answer)], "discussion.answerErrors");
      await createPost({ lessonId: lesson.id, authorId: user.id, body: answer.text });
      const { completedNow } = await markStageDone(user.id, lesson.id, "DISCUSSION");
      // A film without a quiz is complete now: its hours are queued here, as a pass queues them after grading.
      if (completedNow) {
        await queueOrLeaveForSweep(() => enqueueHours(user.id, lesson.id), { what: "hours", userId: user.id, lessonId: lesson.id });
      }
      return redirect(`${here}#discussion`);
    }
    case "reply": {
      // A reply does not complete the stage: only the answer does.
      const { parentId, body } = value;
      const [target, viewerOrgIds] = await Promise.all([getReplyTarget(parentId), studyOrgIdsOf(user.id)]);
      const refusal = replyRefusal(target, {
        lessonId: lesson.id,
        answered: isStageDone(stages, "DISCUSSION"),
        studyOrgIds: viewerOrgIds,
        isAuthor: target?.authorId === user.id,
      });
      if (refusal) return refuse([{ field: "parentId", code: refusal }], "discussion.replyErrors");
      const reply = checkReply(body);
      if (!reply.ok) return refuse([textProblem("body", reply)], "discussion.replyErrors");
      await createPost({ lessonId: lesson.id, authorId: user.id, body: reply.text, parentId });
      return redirect(`${here}#discussion`);
    }
    case "quiz": {
      if (!isStageOpen(stages, "TESTING", terms)) return refuse([{ field: "", code: "stageLocked" }], "lesson");
      const draw = await findDraw(value.token, user.id, lesson.id);
      // A double submit: the first request stored the attempt; show it.
      if (draw?.attemptId) return redirect(`${here}?attempt=${draw.attemptId}#testing`);
      const gate = await gateFor(user.id, lesson, stages);
      if (gate.state !== "open") return refuse([gateProblem(gate)], "lesson");
      // Not a paper this learner was given for this lesson (forged, or another person's).
      if (!draw) return refuse([{ field: "", code: "paperUnknown" }], "lesson");
      // Only the questions on this paper are read: a field for any other question is ignored.
      const types = await questionTypes(draw.items.map((item) => item.questionId));
      const responses = responsesForDraw(draw.items, types, (questionId) => form.getAll(`q-${questionId}`).map(String));
      let attempt: { id: string };
      try {
        attempt = await submitAttempt({
          userId: user.id,
          lessonId: lesson.id,
          idempotencyKey: draw.token,
          drawId: draw.id,
          attemptLimit: lesson.attemptLimit,
          responses,
        });
      } catch (error) {
        // Another paper took the last allowed attempt a moment earlier.
        if (error instanceof AttemptLimitReached) return refuse([gateProblem({ state: "limit-reached", limit: error.limit })], "lesson");
        throw error;
      }
      // The attempt is saved either way; the worker's start-up sweep grades it once the queue is back.
      const queued = await queueOrLeaveForSweep(() => enqueueGrading(attempt.id), { what: "grading", attemptId: attempt.id });
      return redirect(`${here}?attempt=${attempt.id}${queued ? "" : "&queue=down"}#testing`);
    }
  }
}

/** 确认已完成学习准备: a one-button form; it sends its intent, nothing to fill in. */
function PrepareForm() {
  const { t } = useTranslation();
  const [form] = useForm({ id: "prepare", onValidate: ({ formData }) => parseWithZod(formData, { schema: PrepareSchema }) });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="prepare" />
      <button type="submit">{t("lesson.confirmPrepared")}</button>
    </Form>
  );
}

function StageHeading({ stage, state }: { stage: Stage; state: { done: boolean; open: boolean } }) {
  const { t } = useTranslation();
  return (
    <h2>
      {STAGES.indexOf(stage) + 1}. {t(`lesson.stages.${stage}`)}{" "}
      {state.done ? <span className="badge ok">{t("lesson.stageDone")}</span> : null}
    </h2>
  );
}

export default function LessonPage() {
  const data = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const { lesson, stages, attempt } = data;
  const preferences = useDisplayPreferences();
  const withoutTest = !data.rings.includes("TESTING");
  // A film without a test earns its hours (if it awards any) when the discussion completes it.
  const hoursDue = withoutTest ? data.current === null && lesson.classHours > 0 : attempt?.passed === true;
  const waiting = attempt?.status === "SUBMITTED" || (hoursDue && !data.hours);

  // While the workers grade and record hours, look again every second.
  usePolling(waiting, 1000);

  // A refusal of the page as a whole (a stage still locked, a paper no longer valid, an unknown intent)
  // shows at the top: the form it came from may no longer be on the page.
  const pageErrors = lastResult?.status === "error" ? [...(lastResult.error?.[""] ?? []), ...(lastResult.error?.intent ?? [])] : [];

  return (
    <article>
      <p className="no-print">
        <Link to="/courses">← {t("lesson.back")}</Link>
      </p>
      <p className="muted">{lesson.course.title}</p>
      <h1>{lesson.title}</h1>
      <ol className="stage-nav" aria-label="four rings">
        {data.rings.map((stage) => (
          <li
            key={stage}
            className={stages[stage].done ? "done" : data.current === stage ? "current" : ""}
            aria-current={data.current === stage ? "step" : undefined}
          >
            {t(`lesson.stages.${stage}`)}
          </li>
        ))}
      </ol>
      <ErrorList id="lesson-errors" errors={pageErrors} />
      {data.current === null ? <p className="notice ok">{t(withoutTest ? "lesson.completedWithoutTest" : "lesson.completed")}</p> : null}
      {withoutTest && data.current === null ? (
        <p className="notice ok" role="status" data-testid="hours-status">
          {lesson.classHours <= 0
            ? t("lesson.noHours")
            : data.hours
              ? t("lesson.hoursEarned", { hours: formatHours(data.hours.earned), total: formatHours(data.hours.total) })
              : t("lesson.hoursPending")}
        </p>
      ) : null}

      <section id="preparation" className="stage">
        <StageHeading stage="PREPARATION" state={stages.PREPARATION} />
        <DisplaySettings anchor="display-settings" />
        {preferences.readAloud ? <PreparationReadAloud guideId="lesson-guide" thinking={lesson.thinking} /> : null}
        <div className="lesson-grid">
          <div className="card guide" id="lesson-guide" dangerouslySetInnerHTML={{ __html: lesson.guideHtml }} />
          <aside className="card thinking-questions">
            <h3>{t("lesson.thinking")}</h3>
            <ol>
              {lesson.thinking.map((question) => (
                <li key={question}>{question}</li>
              ))}
            </ol>
          </aside>
        </div>
        {!stages.PREPARATION.done ? <PrepareForm /> : null}
      </section>

      <section id="viewing" className={`stage ${stages.VIEWING.open ? "" : "locked"}`}>
        <StageHeading stage="VIEWING" state={stages.VIEWING} />
        {stages.VIEWING.open ? (
          <div className="viewing-layout">
            <div className="viewing-player">
              <LessonPlayer
                lessonId={lesson.id}
                title={lesson.title}
                src={lesson.video.src}
                muxPlaybackId={lesson.video.muxPlaybackId}
                subtitles={lesson.video.subtitles}
                durationSeconds={lesson.durationSeconds}
                completionShare={lesson.completionShare}
                maxPlaybackRate={lesson.maxPlaybackRate}
                startAt={stages.VIEWING.done ? 0 : data.watch.lastPosition}
                initialIntervals={data.watch.intervals}
                viewingDone={stages.VIEWING.done}
                pauseWhenHidden={lesson.pauseWhenHidden}
                noSeekingAhead={lesson.noSeekingAhead}
                attentionCheckMinutes={lesson.attentionCheckMinutes}
                initialAttentionAt={data.watch.attentionAt}
              />
            </div>
            <ViewingQuestions questions={lesson.thinking} />
          </div>
        ) : (
          <p className="muted">{t("lesson.stageLocked")}</p>
        )}
        {stages.VIEWING.done ? <p className="notice ok">{t("lesson.viewingDone")}</p> : null}
      </section>

      <section id="discussion" className={`stage ${stages.DISCUSSION.open ? "" : "locked"}`}>
        <StageHeading stage="DISCUSSION" state={stages.DISCUSSION} />
        {stages.DISCUSSION.open ? (
          <Discussion
            prompt={lesson.discussionPrompt}
            minLength={lesson.discussionMinLength}
            answered={stages.DISCUSSION.done}
            threads={data.posts}
            lastResult={lastResult}
            submitting={navigation.state === "submitting"}
          />
        ) : (
          <p className="muted">{t("lesson.stageLocked")}</p>
        )}
      </section>

      {data.rings.includes("TESTING") ? (
        <section id="testing" className={`stage ${stages.TESTING.open ? "" : "locked"}`}>
          <StageHeading stage="TESTING" state={stages.TESTING} />
          {!stages.TESTING.open ? <p className="muted">{t("lesson.stageLocked")}</p> : null}
          {data.queueDown && attempt?.status === "SUBMITTED" ? <p className="notice warn">{t("errors.queueDown")}</p> : null}
          {attempt ? <QuizResult attempt={attempt} hours={data.hours} /> : null}
          {data.quizGate.state === "limit-reached" ? (
            <p className="notice warn" role="status" data-testid="attempt-limit">
              {t("lesson.attemptLimitReached", { limit: data.quizGate.limit })}
            </p>
          ) : null}
          {data.quiz ? (
            <QuizForm
              paper={data.quiz}
              passPercent={data.quiz.passPercent}
              lastResult={lastResult?.initialValue?.intent === "quiz" ? lastResult : undefined}
            />
          ) : null}
        </section>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? "课程"} · 四环学习` }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
