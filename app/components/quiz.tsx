// 测试: the quiz form (works without JavaScript) and the graded result.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useSchemaForm } from "~/components/forms.tsx";
import { z } from "zod";
import type { AttemptView } from "~/domain/quiz-rules.ts";
import { formatHours } from "~/utils/misc.ts";
import { errorMessage } from "~/utils/problems.ts";
import { ErrorList } from "./forms.tsx";
import { useDisplayPreferences } from "./preferences.tsx";
import { ReadAloudButton } from "./read-aloud.tsx";

/** Partial credit gives points like 1.33: two decimals at most. */
function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** One answer field (`q-<questionId>`): text, and a short answer is a paragraph or two, not a book. */
export const MAX_ANSWER_LENGTH = 5000;
const answerTooLong = errorMessage("lesson.answerTooLong", { count: MAX_ANSWER_LENGTH });
const AnswerSchema = z.string().max(MAX_ANSWER_LENGTH, answerTooLong);

/**
 * The quiz intent of the lesson page (one member of its `intent` union). The
 * answers are the `q-<questionId>` fields (one value, or several for a
 * multiple choice); which of them count is decided by the paper on the server.
 */
export const QuizSchema = z
  .object({
    intent: z.literal("quiz"),
    token: z.string({ required_error: "lesson.paperUnknown" }).uuid("lesson.paperUnknown"),
  })
  .catchall(z.union([AnswerSchema, z.array(AnswerSchema)]));

type Question = { id: string; type: string; prompt: string; options: string[] };

/** One drawn paper: its token, its questions in the order drawn, options already shuffled. */
type Paper = { token: string; questions: Question[]; attemptsLeft: number | null; attemptLimit: number | null };

export function QuizForm({
  paper,
  passPercent,
  lastResult,
  schema = QuizSchema,
  hidden = {},
}: {
  paper: Paper;
  passPercent: number;
  lastResult?: SubmissionResult<string[]>;
  /** The action's schema when it asks more than the paper (a station's: whose answers, and how given). */
  schema?: z.ZodType<Record<string, unknown>, z.ZodTypeDef, Record<string, unknown>>;
  /** Those further fields' values. */
  hidden?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { readAloud } = useDisplayPreferences();
  const [form, fields] = useSchemaForm(schema, {
    id: "quiz",
    lastResult,
    shouldValidate: "onSubmit",
  });
  const fieldErrors = form.allErrors;
  return (
    <Form method="post" data-testid="quiz-form" {...getFormProps(form)}>
      <h3>{t("lesson.quiz")}</h3>
      <p className="muted">
        {t("lesson.passMark", { percent: passPercent })}
        {paper.attemptLimit !== null && paper.attemptsLeft !== null
          ? ` · ${t("lesson.attemptsLeft", { limit: paper.attemptLimit, left: paper.attemptsLeft })}`
          : null}
      </p>
      {/* The paper's token: submitting twice stores one attempt, and the server grades what this paper showed. */}
      <input type="hidden" name="intent" value="quiz" />
      <input type="hidden" name="token" value={paper.token} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ErrorList id={fields.token?.errorId} errors={fields.token?.errors} />
      {paper.questions.map((question, index) => {
        const errorId = `${form.id}-q-${question.id}-error`;
        const errors = fieldErrors[`q-${question.id}`];
        return (
          <div key={question.id} className="question">
            <fieldset aria-describedby={errors ? errorId : undefined}>
              <legend>
                {index + 1}. {question.prompt}
              </legend>
              {readAloud ? <QuestionReadAloud question={question} number={index + 1} /> : null}
              <QuestionInput question={question} given={given(form.initialValue?.[`q-${question.id}`])} />
              <ErrorList id={errorId} errors={errors} />
            </fieldset>
          </div>
        );
      })}
      <button type="submit" disabled={navigation.state === "submitting"}>
        {t("lesson.submitQuiz")}
      </button>
    </Form>
  );
}

/** 朗读本题: the prompt, then the choices (not the answer fields). */
function QuestionReadAloud({ question, number }: { question: Question; number: number }) {
  const { t } = useTranslation();
  const choices =
    question.type === "TRUE_FALSE"
      ? [t("lesson.true"), t("lesson.false")]
      : question.type === "SINGLE" || question.type === "MULTIPLE"
        ? question.options
        : [];
  return (
    <ReadAloudButton
      label={t("preferences.speech.question")}
      getParts={() => [
        { text: `${t("preferences.speech.questionNumber", { number })}${question.prompt}` },
        { text: choices.length > 0 ? `${t("preferences.speech.options")}${choices.join("；")}。` : "" },
      ]}
    />
  );
}

/** What the learner had answered, as the refusal handed it back (a page reloaded without JavaScript keeps it). */
function given(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function QuestionInput({ question, given }: { question: Question; given: string[] }) {
  const { t } = useTranslation();
  const name = `q-${question.id}`;
  switch (question.type) {
    case "SINGLE":
    case "MULTIPLE":
      return (
        <>
          {question.options.map((option) => (
            <label key={option} className="option">
              <input
                type={question.type === "SINGLE" ? "radio" : "checkbox"}
                name={name}
                value={option}
                defaultChecked={given.includes(option)}
              />
              <span>{option}</span>
            </label>
          ))}
        </>
      );
    case "TRUE_FALSE":
      return (
        <>
          {(["true", "false"] as const).map((value) => (
            <label key={value} className="option">
              <input type="radio" name={name} value={value} defaultChecked={given.includes(value)} />
              <span>{t(`lesson.${value}`)}</span>
            </label>
          ))}
        </>
      );
    case "FILL":
      return (
        <input
          type="text"
          name={name}
          placeholder={t("lesson.fillPlaceholder")}
          aria-label={question.prompt}
          maxLength={MAX_ANSWER_LENGTH}
          defaultValue={given[0]}
        />
      );
    default:
      return <textarea name={name} aria-label={question.prompt} maxLength={MAX_ANSWER_LENGTH} defaultValue={given[0]} />;
  }
}

type Translate = (key: string) => string;

function describeAnswer(type: string, answer: unknown, t: Translate): string {
  if (type === "TRUE_FALSE") return t(`lesson.${String(answer)}`);
  return Array.isArray(answer) ? answer.join("、") : String(answer);
}

function describeResponse(type: string, response: unknown, t: Translate): string {
  const given = Array.isArray(response) ? response.map(String) : response === null || response === undefined ? [] : [String(response)];
  if (given.length === 0) return t("lesson.noAnswer");
  if (type === "TRUE_FALSE" && (given[0] === "true" || given[0] === "false")) return t(`lesson.${given[0]}`);
  return given.join("、");
}

export function QuizResult({ attempt, hours }: { attempt: AttemptView; hours: { earned: number; total: number } | null }) {
  const { t } = useTranslation();
  if (attempt.status === "SUBMITTED")
    return (
      <p className="notice" role="status">
        {t("lesson.grading")}
      </p>
    );
  if (attempt.status === "AWAITING_REVIEW")
    return (
      <p className="notice" role="status" data-testid="awaiting-review">
        {t("lesson.awaitingReview")}
      </p>
    );
  return (
    <div className="card" data-testid="quiz-result">
      <p role="status">
        <strong>{t("lesson.score", { score: attempt.scorePercent })}</strong> — {attempt.passed ? t("lesson.passed") : t("lesson.failed")}
      </p>
      {attempt.passed ? (
        <p className="notice ok" data-testid="hours-status">
          {hours
            ? t("lesson.hoursEarned", { hours: formatHours(hours.earned), total: formatHours(hours.total) })
            : t("lesson.hoursPending")}
        </p>
      ) : null}
      {!attempt.revealed ? <p className="muted">{t("lesson.answersAfterPass")}</p> : null}
      <ol>
        {attempt.answers.map((answer) => {
          const partly = !answer.correct && (answer.pointsEarned ?? 0) > 0;
          return (
            <li key={answer.position} className={answer.correct ? "correct" : partly ? "partial" : "wrong"}>
              {answer.prompt} {answer.correct ? "✓" : partly ? "◐" : "✗"}{" "}
              <span className="muted">{t("lesson.points", { earned: formatPoints(answer.pointsEarned ?? 0), points: answer.points })}</span>
              <div className="muted">{t("lesson.yourResponse", { answer: describeResponse(answer.type, answer.response, t) })}</div>
              {answer.answer !== undefined ? (
                <div className="muted">
                  {t(answer.type === "SHORT" ? "lesson.referenceAnswer" : "lesson.correctAnswer", {
                    answer: describeAnswer(answer.type, answer.answer, t),
                  })}
                </div>
              ) : null}
              {answer.explanation ? <div className="muted">{t("lesson.explanation", { text: answer.explanation })}</div> : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
