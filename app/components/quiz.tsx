// 测试: the quiz form (works without JavaScript) and the graded result.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatHours } from "~/utils/misc.ts";

type Question = { id: string; type: string; prompt: string; options: string[] };

export function QuizForm({ questions, token, passPercent }: { questions: Question[]; token: string; passPercent: number }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <Form method="post" data-testid="quiz-form">
      <h3>{t("lesson.quiz")}</h3>
      <p className="muted">{t("lesson.passMark", { percent: passPercent })}</p>
      {/* A fresh token per page: submitting twice stores one attempt. */}
      <input type="hidden" name="token" value={token} />
      {questions.map((question, index) => (
        <div key={question.id} className="question">
          <fieldset>
            <legend>
              {index + 1}. {question.prompt}
            </legend>
            <QuestionInput question={question} />
          </fieldset>
        </div>
      ))}
      <button type="submit" name="intent" value="quiz" disabled={navigation.state === "submitting"}>
        {t("lesson.submitQuiz")}
      </button>
    </Form>
  );
}

function QuestionInput({ question }: { question: Question }) {
  const { t } = useTranslation();
  const name = `q-${question.id}`;
  switch (question.type) {
    case "SINGLE":
    case "MULTIPLE":
      return (
        <>
          {question.options.map((option) => (
            <label key={option} className="option">
              <input type={question.type === "SINGLE" ? "radio" : "checkbox"} name={name} value={option} />
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
              <input type="radio" name={name} value={value} />
              <span>{t(`lesson.${value}`)}</span>
            </label>
          ))}
        </>
      );
    case "FILL":
      return <input type="text" name={name} placeholder={t("lesson.fillPlaceholder")} aria-label={question.prompt} />;
    default:
      return <textarea name={name} aria-label={question.prompt} />;
  }
}

type Attempt = {
  status: string;
  scorePercent: number | null;
  passed: boolean | null;
  answers: { responseJson: string; correct: boolean | null; question: { prompt: string; type: string; answerJson: string; explanation: string; sortOrder: number } }[];
};

function describeAnswer(type: string, answerJson: string, t: (key: string) => string): string {
  const answer: unknown = JSON.parse(answerJson);
  if (type === "TRUE_FALSE") return t(`lesson.${String(answer)}`);
  return Array.isArray(answer) ? answer.join("、") : String(answer);
}

export function QuizResult({ attempt, hours }: { attempt: Attempt; hours: { earned: number; total: number } | null }) {
  const { t } = useTranslation();
  if (attempt.status === "SUBMITTED") return <p className="notice" role="status">{t("lesson.grading")}</p>;
  if (attempt.status === "AWAITING_REVIEW") return <p className="notice" role="status">{t("lesson.awaitingReview")}</p>;
  const answers = [...attempt.answers].sort((a, b) => a.question.sortOrder - b.question.sortOrder);
  return (
    <div className="card" data-testid="quiz-result">
      <p role="status">
        <strong>{t("lesson.score", { score: attempt.scorePercent })}</strong> — {attempt.passed ? t("lesson.passed") : t("lesson.failed")}
      </p>
      {attempt.passed ? (
        <p className="notice ok" data-testid="hours-status">
          {hours ? t("lesson.hoursEarned", { hours: formatHours(hours.earned), total: formatHours(hours.total) }) : t("lesson.hoursPending")}
        </p>
      ) : null}
      <ol>
        {answers.map((answer) => (
          <li key={answer.question.prompt} className={answer.correct ? "correct" : "wrong"}>
            {answer.question.prompt} {answer.correct ? "✓" : "✗"}
            <div className="muted">{t("lesson.correctAnswer", { answer: describeAnswer(answer.question.type, answer.question.answerJson, t) })}</div>
            {answer.question.explanation ? <div className="muted">{t("lesson.explanation", { text: answer.question.explanation })}</div> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
