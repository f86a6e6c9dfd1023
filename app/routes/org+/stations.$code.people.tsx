// 站点人员: the members and activists of the organizations a station serves,
// and the villagers registered there, with how many showings each attended.
// A villager can be registered here, outside a roll call; one who later got
// an account (he applied, or was added) is linked to it by a person who
// confirms it is him, and his attendance follows him. Works without JavaScript.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { beijingDate } from "~/domain/calendar.ts";
import { VillagerSchema } from "~/domain/station/station-people.ts";
import { linkVillager, registerVillager, stationPeoplePage } from "~/models/station-people.server.ts";
import { enqueueStationHours, queueOrLeaveForSweep } from "~/utils/queues.server.ts";
import { stationInReach } from "~/utils/station-access.server.ts";

export const PeopleFormSchema = z.discriminatedUnion("intent", [
  VillagerSchema.extend({ intent: z.literal("register") }),
  z.object({
    intent: z.literal("link"),
    villagerId: z.string().min(1),
    accountId: z.string({ required_error: "station.people.problems.pickAccount" }).min(1, "station.people.problems.pickAccount"),
  }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { station } = await stationInReach(request, params.code);
  const people = await stationPeoplePage({ id: station.id, orgPath: station.org.path });
  return {
    station: { code: station.code, name: station.name, address: station.address, orgName: station.org.name },
    members: people.members,
    villagers: people.villagers.map((villager) => ({ ...villager, registeredAt: beijingDate(villager.registeredAt) })),
    notice: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { station, user } = await stationInReach(request, params.code);
  const ref = { id: station.id, orgPath: station.org.path };
  const submission = parseWithZod(await request.formData(), { schema: PeopleFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  if (value.intent === "register") {
    const registered = await registerVillager(ref, { name: value.name, phone: value.phone ?? null }, user.id);
    if (!registered.ok) {
      const { kind, name } = registered.problem;
      return data(submission.reply({ fieldErrors: { phone: [`station.people.problems.${kind}|${JSON.stringify({ name })}`] } }), {
        status: 400,
      });
    }
    return redirect(`/org/stations/${station.code}/people?done=registered`);
  }
  const linked = await linkVillager(ref, value.villagerId, value.accountId, user.id);
  if (!linked.ok) return data(submission.reply({ formErrors: [`station.people.problems.${linked.problem}`] }), { status: 400 });
  // Showings he attended before he had the account: the hours worker gives what they earn, once each.
  for (const sessionId of linked.closedSessions) {
    await queueOrLeaveForSweep(() => enqueueStationHours(sessionId, [value.accountId], `linked-${value.villagerId}`), {
      what: "station hours after a villager was linked",
      sessionId,
    });
  }
  return redirect(`/org/stations/${station.code}/people?done=linked`);
}

function RegisterForm({ lastResult, submitting }: { lastResult?: SubmissionResult<string[]>; submitting: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(PeopleFormSchema, { id: "register-villager", lastResult });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <input type="hidden" name="intent" value="register" />
      <label htmlFor={fields.name.id}>{t("station.people.fields.name")}</label>
      <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
      <ErrorList id={fields.name.errorId} errors={fields.name.errors} />
      <label htmlFor={fields.phone.id}>{t("station.people.fields.phone")}</label>
      <input {...getInputProps(fields.phone, { type: "tel" })} inputMode="tel" autoComplete="off" />
      <ErrorList id={fields.phone.errorId} errors={fields.phone.errors} />
      <button type="submit" disabled={submitting}>
        {t("station.people.register")}
      </button>
    </Form>
  );
}

type PeopleData = ReturnType<typeof useLoaderData<typeof loader>>;

function LinkForm({ villager, members }: { villager: PeopleData["villagers"][number]; members: PeopleData["members"] }) {
  const { t } = useTranslation();
  const selectId = `link-${villager.id}`;
  return (
    <>
      {villager.candidates.map((candidate) => (
        <Form method="post" className="inline-form" key={candidate.id}>
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="villagerId" value={villager.id} />
          <input type="hidden" name="accountId" value={candidate.id} />
          <span>{t("station.people.samePhone", { name: candidate.name, org: candidate.orgName ?? "" })}</span>{" "}
          <button type="submit" className="secondary">
            {t("station.people.confirmLink", { villager: villager.name, account: candidate.name })}
          </button>
        </Form>
      ))}
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="link" />
        <input type="hidden" name="villagerId" value={villager.id} />
        <label htmlFor={selectId}>{t("station.people.pickLabel", { name: villager.name })}</label>{" "}
        <select id={selectId} name="accountId" defaultValue="">
          <option value="">{t("station.people.pickNone")}</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
              {member.orgName ? `（${member.orgName}）` : ""}
            </option>
          ))}
        </select>{" "}
        <button type="submit" className="secondary">
          {t("station.people.confirmPicked")}
        </button>
      </Form>
    </>
  );
}

export default function StationPeople() {
  const { station, members, villagers, notice } = useLoaderData<typeof loader>();
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const linkErrors = lastResult?.initialValue?.intent === "link" ? (lastResult.error?.[""] ?? lastResult.error?.accountId) : null;
  return (
    <>
      <p>
        <Link to="/org/stations">← {t("station.people.back")}</Link>
      </p>
      <h1>{t("station.people.title", { station: station.name })}</h1>
      <p className="muted">
        {station.orgName} · {station.address}
      </p>
      {notice === "registered" || notice === "linked" ? (
        <p className="notice ok" role="status">
          {t(`station.people.${notice}`)}
        </p>
      ) : null}

      <h2 id="villagers">{t("station.people.villagers")}</h2>
      <p className="muted">{t("station.people.villagersHint")}</p>
      <ErrorList id="link-errors" errors={linkErrors} />
      {villagers.length === 0 ? (
        <p>{t("station.people.noVillagers")}</p>
      ) : (
        <table data-testid="villagers" aria-labelledby="villagers">
          <thead>
            <tr>
              <th scope="col">{t("station.people.columns.name")}</th>
              <th scope="col">{t("station.people.columns.phone")}</th>
              <th scope="col">{t("station.people.columns.registeredAt")}</th>
              <th scope="col">{t("station.people.columns.attended")}</th>
              <th scope="col">{t("station.people.columns.account")}</th>
            </tr>
          </thead>
          <tbody>
            {villagers.map((villager) => (
              <tr key={villager.id}>
                <th scope="row">{villager.name}</th>
                <td>{villager.phone ?? "—"}</td>
                <td>{villager.registeredAt}</td>
                <td>{villager.attended}</td>
                <td>
                  {villager.account ? (
                    t("station.people.linkedTo", { name: villager.account.name })
                  ) : (
                    <LinkForm villager={villager} members={members} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("station.people.registerTitle")}</h2>
      <RegisterForm
        lastResult={lastResult?.initialValue?.intent === "register" ? lastResult : undefined}
        submitting={navigation.state === "submitting"}
      />

      <h2 id="members">{t("station.people.members")}</h2>
      {members.length === 0 ? (
        <p>{t("station.people.noMembers")}</p>
      ) : (
        <table data-testid="members" aria-labelledby="members">
          <thead>
            <tr>
              <th scope="col">{t("station.people.columns.name")}</th>
              <th scope="col">{t("station.people.columns.org")}</th>
              <th scope="col">{t("station.people.columns.stage")}</th>
              <th scope="col">{t("station.people.columns.phone")}</th>
              <th scope="col">{t("station.people.columns.attended")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <th scope="row">{member.name}</th>
                <td>{member.orgName ?? "—"}</td>
                <td>{t(`me.stageNames.${member.stage}`)}</td>
                <td>{member.phone ?? "—"}</td>
                <td>{member.attended}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "站点人员 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
