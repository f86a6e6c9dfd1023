// 人员信息: one person's record, for an admin of his own organization's subtree:
// edit it, see his whole ID-card number (audited), deactivate him or take him
// back. His account and roles, and a move to another organization, have pages
// of their own.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { PersonFields } from "~/components/person-fields.tsx";
import { isoDate, PersonFieldsSchema } from "~/domain/people.ts";
import { personRecord, revealIdCard, setPersonActive, updatePerson } from "~/models/people.server.ts";
import { requireHomeOrgPermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";

const RecordActionSchema = z.discriminatedUnion("intent", [
  PersonFieldsSchema.extend({ intent: z.literal("save") }),
  z.object({ intent: z.literal("reveal-id-card") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const personId = params.personId ?? "";
  await requireHomeOrgPermission(request, "org:manage", personId);
  const person = await personRecord(personId);
  if (!person) throw new Response("Not Found", { status: 404 });
  return { person, done: new URL(request.url).searchParams.get("done") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const personId = params.personId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const submission = parseWithZod(await request.formData(), { schema: RecordActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { intent } = submission.value;
  if (intent === "reveal-id-card") return { idCardNumber: await revealIdCard(personId, admin.id) };
  if (intent === "deactivate" || intent === "reactivate") {
    await setPersonActive({ personId, active: intent === "reactivate", actorId: admin.id });
    return redirect(`/org/people/${personId}?done=${intent}d`);
  }
  const { intent: _, ...fields } = submission.value;
  const outcome = await updatePerson({ personId, fields, actorId: admin.id });
  if (!outcome.ok) return data(submission.reply({ fieldErrors: fieldErrorsFrom(outcome.problems, "people.problems") }), { status: 400 });
  return redirect(`/org/people/${personId}?done=saved`);
}

const day = (value: string | null) => (value ? isoDate(new Date(value)) : "");

export default function PersonRecord() {
  const { person, done } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const answer = useActionData() as SubmissionResult<string[]> | { idCardNumber: string | null } | undefined;
  const revealed = answer && "idCardNumber" in answer ? answer.idCardNumber : null;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(PersonFieldsSchema, {
    id: "person-record",
    lastResult: answer && !("idCardNumber" in answer) ? answer : undefined,
    defaultValue: {
      name: person.name,
      gender: person.gender ?? "",
      birthDate: day(person.birthDate),
      ethnicity: person.ethnicity ?? "",
      education: person.education ?? "",
      isRural: person.isRural ? "on" : "",
      occupation: person.occupation ?? "",
      phone: person.phone ?? "",
      stage: person.stage,
      stageSince: day(person.stageSince),
      activistTier: person.activistTier ?? "",
    },
  });
  const busy = navigation.state === "submitting";
  return (
    <>
      <p className="no-print">
        <Link to="/org/people">← {t("people.title")}</Link>
      </p>
      <h1>
        {person.name}
        {person.deactivatedAt ? <span className="muted"> {t("people.deactivatedMark")}</span> : null}
      </h1>
      {done ? (
        <p className="notice ok" role="status">
          {t(`people.done.${done}`, { defaultValue: "" })}
        </p>
      ) : null}
      <p>
        {t("people.belongsTo", { org: person.homeOrg?.name ?? "" })} ·{" "}
        <Link to={`/org/people/${person.id}/transfer`}>{t("people.transfer.link")}</Link> ·{" "}
        <Link to={`/org/people/${person.id}/account`}>
          {person.username ? t("people.account.link", { username: person.username }) : t("people.account.linkNone")}
        </Link>{" "}
        · <Link to={`/org/learners/${person.id}`}>{t("people.studyRecord")}</Link> ·{" "}
        <Link to={`/org/people/${person.id}/merge`}>{t("people.merge.link")}</Link>
      </p>
      {person.orgTransfers.length > 0 ? (
        <section aria-labelledby="transfers-title">
          <h2 id="transfers-title">{t("people.transfer.history")}</h2>
          <ul>
            {person.orgTransfers.map((transfer) => (
              <li key={`${transfer.transferredOn}${transfer.toOrg.name}`}>
                {t("people.transfer.entry", {
                  date: day(transfer.transferredOn),
                  from: transfer.fromOrg?.name ?? "",
                  to: transfer.toOrg.name,
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {person.idCardMasked ? (
        <section className="card" aria-labelledby="id-card-title">
          <h2 id="id-card-title">{t("people.fields.idCardNumber")}</h2>
          {revealed ? (
            <p data-testid="id-card-number">{revealed}</p>
          ) : (
            <Form method="post">
              <p>{person.idCardMasked}</p>
              <p className="muted">{t("people.idCardAudited")}</p>
              <button type="submit" name="intent" value="reveal-id-card" disabled={busy}>
                {t("people.revealIdCard")}
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="record-title" style={{ maxWidth: "40rem" }}>
        <h2 id="record-title">{t("people.record")}</h2>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="save" />
          <ErrorList id={form.errorId} errors={form.errors} />
          <PersonFields fields={fields} idCardMasked={person.idCardMasked} />
          <p>
            <button type="submit" disabled={busy}>
              {t("people.save")}
            </button>
          </p>
        </Form>
      </section>

      <section className="card" aria-labelledby="active-title">
        <h2 id="active-title">{t(person.deactivatedAt ? "people.reactivate" : "people.deactivate")}</h2>
        <p className="muted">{t(person.deactivatedAt ? "people.reactivateHelp" : "people.deactivateHelp")}</p>
        <Form method="post">
          <button type="submit" name="intent" value={person.deactivatedAt ? "reactivate" : "deactivate"} disabled={busy}>
            {t(person.deactivatedAt ? "people.reactivate" : "people.deactivate")}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "人员信息 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
