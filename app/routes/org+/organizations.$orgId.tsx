// 一个党组织: its page, for an admin whose subtree holds it — rename it, move
// it under another of his organizations, mark it a mobile branch, close it
// (撤销) once nothing is left in it, and entrust its people to another
// organization for training (委托培养) or end that. The rules are
// app/domain/organizations.ts's; what cannot be done is said on the page
// before the admin tries (a move's targets are only those the rules allow,
// the close form is only offered when nothing stops it). Works without JavaScript.
import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { beijingDate, beijingToday } from "~/domain/calendar.ts";
import {
  closeProblems,
  CloseSchema,
  EndTrainingSchema,
  EntrustSchema,
  inReach,
  kindsUnder,
  MobileSchema,
  moveProblems,
  MoveSchema,
  moveSourceProblems,
  OrganizationActionSchema,
  RenameSchema,
} from "~/domain/organizations.ts";
import { organizationUnder } from "~/models/org-policy.server.ts";
import {
  closeOrganization,
  endEntrustedTraining,
  entrustedTraining,
  moveOrganization,
  openOrganizationsUnder,
  organizationPage,
  renameOrganization,
  setOrganizationMobile,
  startEntrustedTraining,
  trainingOrganizationsFor,
  type Outcome,
} from "~/models/organizations.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";

const P = "organizations.problems";

/** The admin and his subtrees, once he is known to reach this organization (403 otherwise, also for an id that is none). */
async function requireOrganizationAdmin(request: Request, orgId: string) {
  const user = await requirePermission(request, "org:manage");
  const roots = manageableRoots(user);
  if (!(await organizationUnder(roots, orgId))) throw new Response("Forbidden", { status: 403 });
  return { user, roots };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orgId = params.orgId ?? "";
  const { roots } = await requireOrganizationAdmin(request, orgId);
  const page = await organizationPage(orgId);
  if (!page) throw new Response("Not Found", { status: 404 });
  const { org } = page;
  const [open, trainingOrgs] = await Promise.all([openOrganizationsUnder(roots), trainingOrganizationsFor(org.path)]);
  const cannotMove = moveSourceProblems(org, roots);
  return {
    org: { ...org, kindsUnder: kindsUnder(org.kind) },
    children: page.children,
    closeRefusals: closeProblems(org, page.closeFacts, roots),
    peopleHere: page.peopleHere,
    peopleCount: page.closeFacts.people,
    cannotMove,
    moveTargets:
      cannotMove.length > 0
        ? []
        : open.filter((target) => moveProblems(org, target, roots).length === 0).map(({ id, name, depth }) => ({ id, name, depth })),
    trainedHere: page.trainedHere.map((training) => ({ ...training, mayEnd: inReach(training.homeOrg.path, roots) })),
    trainedElsewhere: page.trainedElsewhere.map((training) => ({ ...training, mayEnd: true })),
    entrustable: page.entrustable,
    trainingOrgs: trainingOrgs.filter((candidate) => candidate.id !== org.id),
    today: beijingToday().text,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const orgId = params.orgId ?? "";
  const { user, roots } = await requireOrganizationAdmin(request, orgId);
  const submission = parseWithZod(await request.formData(), { schema: OrganizationActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const value = submission.value;
  const actorId = user.id;
  let outcome: Outcome;
  let done: string;
  switch (value.intent) {
    case "rename":
      outcome = await renameOrganization({ orgId, name: value.name, actorId });
      done = "renamed";
      break;
    case "move":
      outcome = await moveOrganization({ orgId, parentId: value.parentId, roots, actorId });
      done = "moved";
      break;
    case "mobile":
      outcome = await setOrganizationMobile({ orgId, isMobile: value.isMobile, actorId });
      done = "mobile";
      break;
    case "close":
      outcome = await closeOrganization({ orgId, roots, actorId });
      done = "closed";
      break;
    case "entrust":
      outcome = await startEntrustedTraining({ homeOrgId: orgId, ...value, actorId });
      done = "entrusted";
      break;
    case "end-training": {
      // Ended by the admins of the organization that entrusted him, whichever of the two organizations' pages it is ended on.
      const training = await entrustedTraining(value.trainingId);
      if (!training || !inReach(training.homeOrg.path, roots)) throw new Response("Forbidden", { status: 403 });
      outcome = await endEntrustedTraining({ trainingId: training.id, endedOn: value.endedOn, actorId });
      done = "ended";
      break;
    }
  }
  if (!outcome.ok) return data(submission.reply({ fieldErrors: fieldErrorsFrom(outcome.problems, P) }), { status: 400 });
  return redirect(`/org/organizations/${orgId}?done=${done}`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Answer = SubmissionResult<string[]> | undefined;

/** The answer to the form of this intent (and, for a row's form, this row), or nothing: each form shows only its own errors. */
function answerFor(answer: Answer, intent: string, trainingId?: string): Answer {
  const sent = answer?.initialValue;
  if (!sent || sent.intent !== intent) return undefined;
  return trainingId === undefined || sent.trainingId === trainingId ? answer : undefined;
}

function RenameForm({ org, answer }: { org: LoaderData["org"]; answer: Answer }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(RenameSchema, {
    id: "org-rename",
    lastResult: answerFor(answer, "rename"),
    defaultValue: { name: org.name },
  });
  return (
    <section className="card" aria-labelledby="rename-title">
      <h2 id="rename-title">{t("organizations.rename.title")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="rename" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <label htmlFor={fields.name.id}>{t("organizations.rename.name")}</label>
        <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
        <ErrorList id={fields.name.errorId} errors={fields.name.errors} />
        <p>
          <button type="submit" disabled={busy}>
            {t("organizations.rename.submit")}
          </button>
        </p>
      </Form>
    </section>
  );
}

function MoveForm({ loaderData, answer }: { loaderData: LoaderData; answer: Answer }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(MoveSchema, { id: "org-move", lastResult: answerFor(answer, "move") });
  const { cannotMove, moveTargets } = loaderData;
  return (
    <section className="card" aria-labelledby="move-title">
      <h2 id="move-title">{t("organizations.move.title")}</h2>
      {cannotMove.length > 0 ? (
        <ul>
          {cannotMove.map((problem) => (
            <li key={problem.code}>{t(`${P}.${problem.code}`, problem.params)}</li>
          ))}
        </ul>
      ) : moveTargets.length === 0 ? (
        <p>{t("organizations.move.none")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="move" />
          <p className="muted">{t("organizations.move.help")}</p>
          <ErrorList id={form.errorId} errors={form.errors} />
          <label htmlFor={fields.parentId.id}>{t("organizations.move.parent")}</label>
          <select {...getSelectProps(fields.parentId)}>
            <option value="">{t("organizations.move.choose")}</option>
            {moveTargets.map((target) => (
              <option key={target.id} value={target.id}>
                {"　".repeat(Math.max(0, target.depth - 1))}
                {target.name}
              </option>
            ))}
          </select>
          <ErrorList id={fields.parentId.errorId} errors={fields.parentId.errors} />
          <p>
            <button type="submit" disabled={busy}>
              {t("organizations.move.submit")}
            </button>
          </p>
        </Form>
      )}
    </section>
  );
}

function MobileForm({ org, answer }: { org: LoaderData["org"]; answer: Answer }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(MobileSchema, {
    id: "org-mobile",
    lastResult: answerFor(answer, "mobile"),
    defaultValue: { isMobile: org.isMobile ? "on" : "" },
  });
  return (
    <section className="card" aria-labelledby="mobile-title">
      <h2 id="mobile-title">{t("organizations.mobile.title")}</h2>
      <p className="muted">{t("organizations.mobile.help")}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="mobile" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <label className="option" htmlFor={fields.isMobile.id}>
          <input {...getInputProps(fields.isMobile, { type: "checkbox" })} />
          <span>{t("organizations.mobile.label")}</span>
        </label>
        <ErrorList id={fields.isMobile.errorId} errors={fields.isMobile.errors} />
        <p>
          <button type="submit" disabled={busy}>
            {t("organizations.mobile.submit")}
          </button>
        </p>
      </Form>
    </section>
  );
}

function CloseForm({ loaderData, answer }: { loaderData: LoaderData; answer: Answer }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(CloseSchema, { id: "org-close", lastResult: answerFor(answer, "close") });
  const { org, closeRefusals, children, peopleHere, peopleCount } = loaderData;
  const openChildren = children.filter((child) => !child.closed);
  return (
    <section className="card" aria-labelledby="close-title">
      <h2 id="close-title">{t("organizations.close.title")}</h2>
      <p className="muted">{t("organizations.close.help")}</p>
      {closeRefusals.length > 0 ? (
        <div data-testid="close-refusals">
          <p>{t("organizations.close.refused")}</p>
          <ul>
            {closeRefusals.map((problem) => (
              <li key={problem.code}>{t(`${P}.${problem.code}`, problem.params)}</li>
            ))}
          </ul>
          {openChildren.length > 0 ? (
            <p>
              {t("organizations.close.openChildren")}
              {openChildren.map((child, index) => (
                <span key={child.id}>
                  {index > 0 ? "、" : ""}
                  <Link to={`/org/organizations/${child.id}`}>{child.name}</Link>
                </span>
              ))}
            </p>
          ) : null}
          {peopleHere.length > 0 ? (
            <p>
              {t("organizations.close.people")}
              {peopleHere.map((person, index) => (
                <span key={person.id}>
                  {index > 0 ? "、" : ""}
                  <Link to={`/org/people/${person.id}`}>{person.name}</Link>
                </span>
              ))}
              {peopleCount > peopleHere.length ? t("organizations.close.more", { count: peopleCount }) : null}
            </p>
          ) : null}
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="close" />
          <ErrorList id={form.errorId} errors={form.errors} />
          <label className="option" htmlFor={fields.confirm.id}>
            <input {...getInputProps(fields.confirm, { type: "checkbox" })} />
            <span>{t("organizations.close.confirm", { org: org.name })}</span>
          </label>
          <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
          <p>
            <button type="submit" disabled={busy}>
              {t("organizations.close.submit")}
            </button>
          </p>
        </Form>
      )}
    </section>
  );
}

type Training = LoaderData["trainedHere"][number];

function EndTrainingForm({ training, today, answer }: { training: Training; today: string; answer: Answer }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(EndTrainingSchema, {
    id: `end-training-${training.id}`,
    lastResult: answerFor(answer, "end-training", training.id),
    defaultValue: { trainingId: training.id, endedOn: today },
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="end-training" />
      <input {...getInputProps(fields.trainingId, { type: "hidden" })} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <label htmlFor={fields.endedOn.id}>{t("organizations.entrusted.endLabel", { name: training.user.name })}</label>{" "}
      <input {...getInputProps(fields.endedOn, { type: "date" })} />{" "}
      <button type="submit" disabled={busy}>
        {t("organizations.entrusted.endSubmit")}
      </button>
      <ErrorList id={fields.endedOn.errorId} errors={fields.endedOn.errors} />
    </Form>
  );
}

function TrainingTable({
  id,
  title,
  trainings,
  today,
  answer,
}: {
  id: string;
  title: string;
  trainings: Training[];
  today: string;
  answer: Answer;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h3 id={id}>{title}</h3>
      {trainings.length === 0 ? (
        <p>{t("organizations.entrusted.none")}</p>
      ) : (
        <table aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{t("organizations.entrusted.person")}</th>
              <th scope="col">{t("organizations.entrusted.homeOrg")}</th>
              <th scope="col">{t("organizations.entrusted.trainingOrg")}</th>
              <th scope="col">{t("organizations.entrusted.startedOn")}</th>
              <th scope="col">{t("organizations.entrusted.endedOn")}</th>
            </tr>
          </thead>
          <tbody>
            {trainings.map((training) => (
              <tr key={training.id}>
                <td>{training.user.name}</td>
                <td>{training.homeOrg.name}</td>
                <td>{training.trainingOrg.name}</td>
                <td>{training.startedOn.slice(0, 10)}</td>
                <td>
                  {training.endedOn ? (
                    training.endedOn.slice(0, 10)
                  ) : training.mayEnd ? (
                    <EndTrainingForm training={training} today={today} answer={answer} />
                  ) : (
                    t("organizations.entrusted.ongoing")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function EntrustForm({ loaderData, answer }: { loaderData: LoaderData; answer: Answer }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const { entrustable, trainingOrgs, today } = loaderData;
  const [form, fields] = useSchemaForm(EntrustSchema, {
    id: "org-entrust",
    lastResult: answerFor(answer, "entrust"),
    defaultValue: { startedOn: today },
  });
  if (entrustable.length === 0) return <p>{t("organizations.entrusted.noPeople")}</p>;
  return (
    <>
      <h3 id="entrust-title">{t("organizations.entrusted.startTitle")}</h3>
      <Form method="post" {...getFormProps(form)} aria-labelledby="entrust-title">
        <input type="hidden" name="intent" value="entrust" />
        <ErrorList id={form.errorId} errors={form.errors} />
        <label htmlFor={fields.userId.id}>{t("organizations.entrusted.person")}</label>
        <select {...getSelectProps(fields.userId)}>
          <option value="">{t("organizations.entrusted.personChoose")}</option>
          {entrustable.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.userId.errorId} errors={fields.userId.errors} />
        <label htmlFor={fields.trainingOrgId.id}>{t("organizations.entrusted.trainingOrg")}</label>
        <select {...getSelectProps(fields.trainingOrgId)}>
          <option value="">{t("organizations.entrusted.trainingOrgChoose")}</option>
          {trainingOrgs.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {"　".repeat(Math.max(0, candidate.depth))}
              {candidate.name}
            </option>
          ))}
        </select>
        <ErrorList id={fields.trainingOrgId.errorId} errors={fields.trainingOrgId.errors} />
        <label htmlFor={fields.startedOn.id}>{t("organizations.entrusted.startedOn")}</label>
        <input {...getInputProps(fields.startedOn, { type: "date" })} />
        <ErrorList id={fields.startedOn.errorId} errors={fields.startedOn.errors} />
        <p>
          <button type="submit" disabled={busy}>
            {t("organizations.entrusted.startSubmit")}
          </button>
        </p>
      </Form>
    </>
  );
}

export default function OrganizationPage() {
  const loaderData = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const answer = useActionData() as Answer;
  const { t } = useTranslation();
  const { org, children, done, today } = loaderData;
  const open = org.closedAt === null;
  return (
    <>
      <p className="no-print">
        <Link to="/org/organizations">← {t("organizations.page.back")}</Link>
      </p>
      <h1>
        {org.name}
        {open ? null : <span className="muted"> {t("organizations.tree.closed")}</span>}
      </h1>
      {done ? (
        <p className="notice ok" role="status">
          {t(`organizations.page.done.${done}`, { defaultValue: "" })}
        </p>
      ) : null}
      {open ? null : <p className="notice">{t("organizations.page.closedNotice", { date: beijingDate(new Date(org.closedAt ?? "")) })}</p>}
      <dl>
        <dt>{t("organizations.page.kind")}</dt>
        <dd>
          {t(`organizations.kinds.${org.kind}`)}
          {org.isMobile ? ` · ${t("organizations.tree.mobile")}` : ""}
        </dd>
        <dt>{t("organizations.page.code")}</dt>
        <dd>
          {org.code} <span className="muted">{t("organizations.page.codeHint")}</span>
        </dd>
        <dt>{t("organizations.page.parent")}</dt>
        <dd>
          {org.parent ? <Link to={`/org/organizations/${org.parent.id}`}>{org.parent.name}</Link> : t("organizations.page.parentNone")}
        </dd>
        <dt>{t("organizations.page.createdAt")}</dt>
        <dd>{beijingDate(new Date(org.createdAt))}</dd>
      </dl>

      <section aria-labelledby="children-title">
        <h2 id="children-title">{t("organizations.page.childrenTitle")}</h2>
        {children.length === 0 ? (
          <p>{t("organizations.page.childrenNone")}</p>
        ) : (
          <ul>
            {children.map((child) => (
              <li key={child.id}>
                <Link to={`/org/organizations/${child.id}`}>{child.name}</Link>{" "}
                <span className="muted">{t(`organizations.kinds.${child.kind}`, { defaultValue: child.kind })}</span>
                {child.closed ? (
                  <>
                    {" "}
                    <span className="badge warn">{t("organizations.tree.closed")}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {open && org.kindsUnder.length > 0 ? (
          <p>
            <Link to={`/org/organizations/new?parent=${org.id}`}>{t("organizations.page.addChild")}</Link>
          </p>
        ) : null}
      </section>

      {open ? (
        <>
          <RenameForm org={org} answer={answer} />
          <MoveForm loaderData={loaderData} answer={answer} />
          {org.kind === "BRANCH" || org.isMobile ? <MobileForm org={org} answer={answer} /> : null}
          <CloseForm loaderData={loaderData} answer={answer} />
        </>
      ) : null}

      <section className="card" aria-labelledby="entrusted-title">
        <h2 id="entrusted-title">{t("organizations.entrusted.title")}</h2>
        <p className="muted">{t("organizations.entrusted.help")}</p>
        <TrainingTable
          id="trained-elsewhere"
          title={t("organizations.entrusted.elsewhereTitle")}
          trainings={loaderData.trainedElsewhere}
          today={today}
          answer={answer}
        />
        <TrainingTable
          id="trained-here"
          title={t("organizations.entrusted.hereTitle")}
          trainings={loaderData.trainedHere}
          today={today}
          answer={answer}
        />
        {open ? <EntrustForm loaderData={loaderData} answer={answer} /> : null}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "党组织 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
