// Which organization a settings page is about: a GET form over the admin's
// organizations, indented by depth (works without JavaScript).
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function OrgPicker({
  id,
  orgs,
  current,
  label,
  submitLabel,
  name = "org",
}: {
  id: string;
  orgs: { id: string; name: string; depth: number }[];
  current: string;
  /** The words of the label and the button, when "党组织" and "查看" do not say what choosing does here. */
  label?: string;
  submitLabel?: string;
  /** The query parameter the choice goes in (the new organization page's is "parent"). */
  name?: string;
}) {
  const { t } = useTranslation();
  if (orgs.length <= 1) return null;
  return (
    <Form method="get" className="no-print">
      <label htmlFor={id}>{label ?? t("policy.org")}</label>
      <select id={id} name={name} defaultValue={current}>
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {"　".repeat(Math.max(0, org.depth - 1))}
            {org.name}
          </option>
        ))}
      </select>{" "}
      <button type="submit">{submitLabel ?? t("policy.choose")}</button>
    </Form>
  );
}
