// "Nothing was saved; please correct:" and one line per problem, each naming its field.
import { useTranslation } from "react-i18next";

export type Problem = { field: string; message: string };

export function ProblemList({ problems, fieldLabel }: { problems: Problem[]; fieldLabel: (field: string) => string }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      <p>{t("development.problems")}</p>
      <ul>
        {problems.map((problem) => (
          <li key={`${problem.field}-${problem.message}`}>
            {fieldLabel(problem.field)}：{problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
