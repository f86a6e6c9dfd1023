// The one way a form shows what is wrong: each message is an i18n key (with its
// parameters, see app/utils/problems.ts), linked to its field by id so screen
// readers announce it with the field (aria-describedby from Conform's props).
import { useTranslation } from "react-i18next";
import { readErrorMessage } from "~/utils/problems.ts";

export function ErrorList({ id, errors }: { id?: string; errors?: readonly string[] | null }) {
  const { t } = useTranslation();
  if (!errors || errors.length === 0) return null;
  // The alert role goes on a wrapper: on the list itself it would take away the list's own role.
  return (
    <div id={id} className="field-error" role="alert">
      <ul>
        {errors.map((message) => {
          const { key, params } = readErrorMessage(message);
          return <li key={message}>{t(key, params)}</li>;
        })}
      </ul>
    </div>
  );
}
