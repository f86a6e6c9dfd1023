// 账号与角色: a person's sign-in name, made when he is to sign in, with a
// one-time password shown once to hand over; and the roles he holds at the
// organizations of the admin's subtree, given and withdrawn here (audited).
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { AccountFormSchema, ASSIGNABLE_ROLES, roleVisibleTo } from "~/domain/accounts.ts";
import { openOrganizationsUnder } from "~/models/organizations.server.ts";
import { changeRole, createAccount, personRecord, proposedUsername } from "~/models/people.server.ts";
import { heldRoles } from "~/models/user.server.ts";
import { manageableRoots, requireHomeOrgPermission } from "~/utils/permissions.server.ts";
import { errorMessage } from "~/utils/problems.ts";

const RoleChangeSchema = z.object({
  role: z.enum(ASSIGNABLE_ROLES, { errorMap: () => ({ message: "people.account.problems.role-unknown" }) }),
  orgId: z.string({ required_error: "people.account.problems.org-outside" }).min(1, "people.account.problems.org-outside"),
});

const AccountActionSchema = z.discriminatedUnion("intent", [
  AccountFormSchema.extend({ intent: z.literal("create-account") }),
  RoleChangeSchema.extend({ intent: z.literal("assign-role") }),
  RoleChangeSchema.extend({ intent: z.literal("withdraw-role") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const personId = params.personId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const person = await personRecord(personId);
  if (!person) throw new Response("Not Found", { status: 404 });
  const roots = manageableRoots(admin);
  return {
    person: {
      id: person.id,
      name: person.name,
      username: person.username,
      mustChange: person.password?.mustChange ?? false,
      deactivated: person.deactivatedAt !== null,
      org: person.homeOrg?.name ?? "",
    },
    roles: person.roles
      .filter((held) => held.role !== "PLATFORM_ADMIN" && roleVisibleTo(held.org.path, roots))
      .map((held) => ({ role: held.role, orgId: held.org.id, orgName: held.org.name })),
    orgs: await openOrganizationsUnder(roots),
    homeOrgId: person.homeOrg?.id ?? "",
    proposed: person.username ? "" : await proposedUsername(person.name),
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const personId = params.personId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const submission = parseWithZod(await request.formData(), { schema: AccountActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  if (value.intent === "create-account") {
    const outcome = await createAccount({ personId, username: value.username, actorId: admin.id });
    if (!outcome.ok)
      return data(submission.reply({ fieldErrors: { username: [errorMessage(`people.account.problems.${outcome.problem}`)] } }), {
        status: 400,
      });
    return { oneTimePassword: outcome.oneTimePassword, username: value.username };
  }
  const outcome = await changeRole({
    kind: value.intent === "assign-role" ? "assign" : "withdraw",
    personId,
    role: value.role,
    orgId: value.orgId,
    admin: { id: admin.id, roles: heldRoles(admin) },
  });
  if (!outcome.ok)
    return data(submission.reply({ formErrors: [errorMessage(`people.account.problems.${outcome.problem}`)] }), { status: 400 });
  return redirect(`/org/people/${personId}/account?done=${value.intent}`);
}

type Answer = SubmissionResult<string[]> | { oneTimePassword: string; username: string } | undefined;

export default function PersonAccount() {
  const { person, roles, orgs, homeOrgId, proposed, done } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const answer = useActionData() as Answer;
  const issued = answer && "oneTimePassword" in answer ? answer : null;
  const lastResult = answer && !("oneTimePassword" in answer) ? answer : undefined;
  const intent = lastResult?.initialValue?.intent;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const busy = navigation.state === "submitting";
  const [accountForm, accountFields] = useSchemaForm(AccountFormSchema, {
    id: "account",
    lastResult: intent === "create-account" ? lastResult : undefined,
    defaultValue: { username: proposed },
  });
  const [roleForm, roleFields] = useSchemaForm(RoleChangeSchema, {
    id: "assign-role",
    lastResult: intent === "assign-role" ? lastResult : undefined,
    defaultValue: { role: "LEARNER", orgId: homeOrgId },
  });
  const withdrawErrors = intent === "withdraw-role" ? lastResult?.error?.[""] : null;
  return (
    <>
      <p className="no-print">
        <Link to={`/org/people/${person.id}`}>← {person.name}</Link>
      </p>
      <h1>{t("people.account.title", { name: person.name })}</h1>

      {done && !answer ? (
        <p className="notice ok" role="status">
          {t(`people.account.done.${done}`, { defaultValue: "" })}
        </p>
      ) : null}
      {issued ? (
        <section className="notice" role="status" aria-labelledby="issued-title">
          <h2 id="issued-title">{t("people.account.created", { username: issued.username })}</h2>
          <p className="one-time-password" data-testid="one-time-password" lang="en">
            {issued.oneTimePassword}
          </p>
          <p>{t("oneTimePassword.handOver", { username: issued.username })}</p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="account-title" style={{ maxWidth: "34rem" }}>
        <h2 id="account-title">{t("people.account.signIn")}</h2>
        {person.username ? (
          <>
            <p>{t("people.account.username", { username: person.username })}</p>
            {person.mustChange ? <p className="muted">{t("people.account.mustChange")}</p> : null}
            <p>
              <Link to={`/org/learners/${person.id}/password`}>{t("oneTimePassword.link")}</Link>
            </p>
          </>
        ) : person.deactivated ? (
          <p>{t("people.account.deactivated")}</p>
        ) : (
          <Form method="post" {...getFormProps(accountForm)}>
            <input type="hidden" name="intent" value="create-account" />
            <p className="muted">{t("people.account.explain")}</p>
            <label htmlFor={accountFields.username.id}>{t("people.account.usernameLabel")}</label>
            <input
              {...getInputProps(accountFields.username, { type: "text", ariaDescribedBy: "username-hint" })}
              autoCapitalize="none"
              autoComplete="off"
              spellCheck={false}
            />
            <p id="username-hint" className="muted">
              {t("people.account.usernameHint")}
            </p>
            <ErrorList id={accountFields.username.errorId} errors={accountFields.username.errors} />
            <button type="submit" disabled={busy}>
              {t("people.account.create")}
            </button>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="roles-title">
        <h2 id="roles-title">{t("people.account.roles")}</h2>
        {roles.length === 0 ? <p>{t("people.account.noRoles")}</p> : null}
        <ErrorList errors={withdrawErrors} />
        <ul className="plain">
          {roles.map((held) => (
            <li key={`${held.role}${held.orgId}`}>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="withdraw-role" />
                <input type="hidden" name="role" value={held.role} />
                <input type="hidden" name="orgId" value={held.orgId} />
                {t("people.account.heldAt", { role: t(`people.roles.${held.role}`), org: held.orgName })}{" "}
                <button type="submit" disabled={busy}>
                  {t("people.account.withdraw", { role: t(`people.roles.${held.role}`), org: held.orgName })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        {person.username && !person.deactivated ? (
          <Form method="post" {...getFormProps(roleForm)}>
            <input type="hidden" name="intent" value="assign-role" />
            <h3>{t("people.account.assign")}</h3>
            <ErrorList id={roleForm.errorId} errors={roleForm.errors} />
            <label htmlFor={roleFields.role.id}>{t("people.account.role")}</label>
            <select {...getSelectProps(roleFields.role)}>
              {ASSIGNABLE_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`people.roles.${role}`)}
                </option>
              ))}
            </select>
            <ErrorList id={roleFields.role.errorId} errors={roleFields.role.errors} />
            <label htmlFor={roleFields.orgId.id}>{t("people.account.at")}</label>
            <select {...getSelectProps(roleFields.orgId)}>
              {orgs.map((org) => (
                <option key={org.id} value={org.id}>
                  {"　".repeat(Math.max(0, org.depth - 1))}
                  {org.name}
                </option>
              ))}
            </select>
            <ErrorList id={roleFields.orgId.errorId} errors={roleFields.orgId.errors} />
            <p className="muted">{t("people.account.platformAdminNote")}</p>
            <button type="submit" disabled={busy}>
              {t("people.account.assignSubmit")}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "账号与角色 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
