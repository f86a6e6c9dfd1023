// The reasons of an eligibility verdict in words: what the record shows, what
// would satisfy the rule, and the rule's source (a national rule by document
// and article, a local practice as such). The domain gives codes and figures;
// the words are development.evidence / .remedy / .rules in the locales.
import { useTranslation } from "react-i18next";

type Words = { code: string; params?: Record<string, string | number> };
export type ReasonWords = { rule: string; effect: string; evidence: Words; remedy: Words };

export function ReasonText({ reason }: { reason: ReasonWords }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`development.evidence.${reason.evidence.code}`, reason.evidence.params ?? {})}。
      {t(`development.remedy.${reason.remedy.code}`, reason.remedy.params ?? {})}
    </>
  );
}

export function ReasonList({ reasons, withEffect = true }: { reasons: readonly ReasonWords[]; withEffect?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="reasons">
      {reasons.map((reason) => (
        <li key={reason.rule}>
          {withEffect ? <strong>{t(`development.effects.${reason.effect}`)}：</strong> : null}
          <ReasonText reason={reason} />
          <div className="muted">
            {t(`development.rules.${reason.rule}.title`)} · {t(`development.rules.${reason.rule}.citation`)}
          </div>
        </li>
      ))}
    </ul>
  );
}
