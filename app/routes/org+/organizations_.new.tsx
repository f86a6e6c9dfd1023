// 新建党组织: an organization admin sets up an organization under one of his
// subtree (?parent=…, chosen first by a GET picker: the kinds offered depend
// on it). A county committee is made only from the command line; the nesting
// rule, the code rule and the audit are app/domain/organizations.ts's and
// app/models/organizations.server.ts's. Works without JavaScript.
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { OrgPicker } from "~/components/org-picker.tsx";
import { kindsUnder, NewOrganizationSchema } from "~/domain/organizations.ts";
import { organizationUnder } from "~/models/org-policy.server.ts";
import { createOrganization, openOrganizationsUnder } from "~/models/organizations.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const roots = manageableRoots(user);
  // Only open organizations of a kind that takes organizations under it (not a branch) may be a parent.
  const parents = (await openOrganizationsUnder(roots)).filter((org) => kindsUnder(org.kind).length > 0);
  const requested = new URL(request.url).searchParams.get("parent");
  if (requested && !(await organizationUnder(roots, requested))) throw new Response("Forbidden", { status: 403 });
  const parent = requested ? parents.find((org) => org.id === requested) : parents[0];
  invariantResponse(!requested || parent, "这个党组织下不能再设党组织 (no organization can be set up under it)");
  return {
    parents: parents.map((org) => ({ id: org.id, name: org.name, depth: org.depth })),
    parent: parent ? { id: parent.id, name: parent.name, kinds: kindsUnder(parent.kind) } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const roots = manageableRoots(user);
  const submission = parseWithZod(await request.formData(), { schema: NewOrganizationSchema });
  const named = typeof submission.payload.parentId === "string" ? submission.payload.parentId : "";
  // An organization under one outside his subtrees is forbidden whatever else the form says.
  if (named && !(await organizationUnder(roots, named))) throw new Response("Forbidden", { status: 403 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await createOrganization({ form: submission.value, roots, actorId: user.id });
  if (!outcome.ok) {
    return data(submission.reply({ fieldErrors: fieldErrorsFrom(outcome.problems, "organizations.problems") }), { status: 400 });
  }
  return redirect(`/org/organizations/${outcome.id}?done=created`);
}

function NewOrganizationForm({ parent }: { parent: { id: string; name: string; kinds: string[] } }) {
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(NewOrganizationSchema, {
    id: `new-organization-${parent.id}`,
    lastResult,
    defaultValue: { parentId: parent.id, name: "", code: "", kind: parent.kinds.length === 1 ? parent.kinds[0] : "" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <ErrorList id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.parentId, { type: "hidden" })} />
      <ErrorList id={fields.parentId.errorId} errors={fields.parentId.errors} />

      <label htmlFor={fields.name.id}>{t("organizations.create.name")}</label>
      <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
      <ErrorList id={fields.name.errorId} errors={fields.name.errors} />

      <label htmlFor={fields.kind.id}>{t("organizations.create.kind")}</label>
      <select {...getSelectProps(fields.kind)}>
        <option value="">{t("organizations.create.kindChoose")}</option>
        {parent.kinds.map((kind) => (
          <option key={kind} value={kind}>
            {t(`organizations.kinds.${kind}`)}
          </option>
        ))}
      </select>
      <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />

      <label className="option" htmlFor={fields.isMobile.id}>
        <input {...getInputProps(fields.isMobile, { type: "checkbox", ariaDescribedBy: "new-organization-mobile-hint" })} />
        <span>{t("organizations.create.isMobile")}</span>
      </label>
      <p id="new-organization-mobile-hint" className="muted">
        {t("organizations.create.isMobileHint")}
      </p>
      <ErrorList id={fields.isMobile.errorId} errors={fields.isMobile.errors} />

      <label htmlFor={fields.code.id}>{t("organizations.create.code")}</label>
      <input
        {...getInputProps(fields.code, { type: "text", ariaDescribedBy: "new-organization-code-hint" })}
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
      />
      <p id="new-organization-code-hint" className="muted">
        {t("organizations.create.codeHint")}
      </p>
      <ErrorList id={fields.code.errorId} errors={fields.code.errors} />

      <button type="submit" disabled={navigation.state === "submitting"}>
        {t("organizations.create.submit")}
      </button>
    </Form>
  );
}

export default function NewOrganization() {
  const { parents, parent } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/org/organizations">← {t("organizations.create.back")}</Link>
      </p>
      <h1>{t("organizations.create.title")}</h1>
      {parent ? (
        <>
          <OrgPicker
            id="new-organization-parent"
            name="parent"
            orgs={parents}
            current={parent.id}
            label={t("organizations.create.parentPicker")}
            submitLabel={t("organizations.create.parentChoose")}
          />
          <p>{t("organizations.create.parentNow", { org: parent.name })}</p>
          <p className="muted">
            {t("organizations.create.kindsHere", {
              org: parent.name,
              kinds: parent.kinds.map((kind) => t(`organizations.kinds.${kind}`)).join("、"),
            })}
          </p>
          {/* A parent chosen anew is a new form: the kinds offered change with it. */}
          <NewOrganizationForm key={parent.id} parent={parent} />
        </>
      ) : (
        <p>{t("organizations.create.parentNone")}</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "新建党组织 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
