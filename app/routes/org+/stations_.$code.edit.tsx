// 编辑站点: an organization admin over the station's organization changes its
// name, village, address, equipment and connection, the people answerable for
// it (专人负责), its organization (not while a session runs there) and its
// number (not once it has held a session: decision record 023).
import { type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { OrgPicker } from "~/components/org-picker.tsx";
import { StationFormSchema } from "~/domain/station/station-admin.ts";
import { organizationsUnder, organizationUnder } from "~/models/org-policy.server.ts";
import { operatorCandidates, saveStation, stationForEditing } from "~/models/station-admin.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { manageableRoots, requirePermissionAt } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";
import { StationForm } from "./__station-form.tsx";

/** The station of the address, and the signed-in admin, who must hold org:manage over its organization (403 otherwise). */
async function stationToManage(request: Request, code: string | undefined) {
  const station = code ? await stationForEditing(code) : null;
  invariantResponse(station, "没有这个站点 (no such station)");
  const user = await requirePermissionAt(request, "org:manage", station.org.path);
  return { station, user };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { station, user } = await stationToManage(request, params.code);
  const url = new URL(request.url);
  const orgs = await organizationsUnder(manageableRoots(user));
  const requested = url.searchParams.get("org");
  const org = requested ? orgs.find((candidate) => candidate.id === requested) : station.org;
  if (!org) throw new Response("Forbidden", { status: 403 });
  const people = await operatorCandidates(org.path);
  const offered = new Set(people.map((person) => person.id));
  const candidates = [
    ...people.map((person) => ({
      id: person.id,
      name: person.name,
      phone: person.phone,
      orgName: person.homeOrg?.name ?? "",
      outside: false,
    })),
    // Named already but not of the organization chosen (the station is being moved): shown, to be unticked.
    ...station.operators
      .filter((operator) => !offered.has(operator.id))
      .map((operator) => ({ id: operator.id, name: operator.name, phone: operator.phone, orgName: "", outside: true })),
  ];
  const done = url.searchParams.get("done");
  return {
    station: {
      code: station.code,
      name: station.name,
      village: station.village,
      address: station.address,
      equipment: station.equipment,
      connectivity: station.connectivity,
      org: { id: station.org.id, name: station.org.name },
      operatorIds: station.operators.map((operator) => operator.id),
      hasSessions: station.hasSessions,
      running: station.running,
    },
    orgs: orgs.map((candidate) => ({ id: candidate.id, name: candidate.name, depth: candidate.path.split("/").filter(Boolean).length })),
    org: { id: org.id, name: org.name },
    candidates,
    done: done === "created" || done === "saved" ? done : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { station, user } = await stationToManage(request, params.code);
  const roots = manageableRoots(user);
  const submission = parseWithZod(await request.formData(), { schema: StationFormSchema });
  const named = typeof submission.payload.orgId === "string" ? submission.payload.orgId : "";
  // Moving the station to an organization outside his subtrees is forbidden whatever else the form says.
  if (named && !(await organizationUnder(roots, named))) throw new Response("Forbidden", { status: 403 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await saveStation({ stationId: station.id, form: submission.value, roots, actorId: user.id });
  if (!outcome.ok) {
    return data(submission.reply({ fieldErrors: fieldErrorsFrom(outcome.problems, "station.manage.problems") }), { status: 400 });
  }
  return redirect(`/org/stations/${outcome.code}/edit?done=saved`);
}

export default function EditStation() {
  const { station, orgs, org, candidates, done } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const moving = org.id !== station.org.id;
  return (
    <>
      <p>
        <Link to="/org/stations">← {t("station.manage.back")}</Link>
      </p>
      <h1>{t("station.manage.editTitle", { station: station.name })}</h1>
      {done ? (
        <p className="notice ok" role="status">
          {t(`station.manage.${done}`)}
        </p>
      ) : null}
      <p>
        {t("station.manage.goalsHint")}{" "}
        <Link to={`/org/policy/station-goals?org=${station.org.id}`}>{t("station.manage.goals", { org: station.org.name })}</Link>
      </p>
      {station.running ? (
        <p className="notice warn">{t("station.manage.orgLocked")}</p>
      ) : (
        <OrgPicker
          id="station-org"
          orgs={orgs}
          current={org.id}
          label={t("station.manage.orgPicker")}
          submitLabel={t("station.manage.orgChoose")}
        />
      )}
      {moving ? (
        <p className="notice warn" role="status">
          {t("station.manage.orgMoving", { from: station.org.name, to: org.name })}
        </p>
      ) : null}
      <StationForm
        key={org.id}
        id={`station-edit-${org.id}`}
        defaults={{
          code: station.code,
          name: station.name,
          village: station.village,
          address: station.address,
          orgId: org.id,
          operatorIds: station.operatorIds,
          equipment: station.equipment,
          connectivity: station.connectivity,
        }}
        org={org}
        candidates={candidates}
        codeFixed={station.hasSessions}
        lastResult={lastResult}
        submitting={navigation.state === "submitting"}
        submitLabel={t("station.manage.save")}
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "编辑站点 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
