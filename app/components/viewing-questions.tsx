// 带着问题观片: the thinking questions stay in sight while the video plays:
// beside the player (sticky) on wide screens, right under it on phones, where
// a <details> lets the learner fold them away (no JavaScript needed).
import { useTranslation } from "react-i18next";

export function ViewingQuestions({ questions }: { questions: string[] }) {
  const { t } = useTranslation();
  if (questions.length === 0) return null;
  return (
    <details className="card viewing-questions" open data-testid="viewing-questions">
      <summary>{t("lesson.thinking")}</summary>
      <ol>
        {questions.map((question) => (
          <li key={question}>{question}</li>
        ))}
      </ol>
    </details>
  );
}
