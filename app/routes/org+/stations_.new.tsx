// 添加站点: an organization admin sets up a station of an organization in his
// subtree. The organization is chosen first (the people who may be named to run
// the station are that organization's); nobody need be named yet.
import { type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { OrgPicker } from "~/components/org-picker.tsx";
import { StationFormSchema } from "~/domain/station/station-admin.ts";
import { organizationsUnder, organizationUnder } from "~/models/org-policy.server.ts";
import { operatorCandidates, saveStation } from "~/models/station-admin.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";
import { StationForm } from "./__station-form.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const orgs = await organizationsUnder(manageableRoots(user));
  const requested = new URL(request.url).searchParams.get("org");
  const org = requested ? orgs.find((candidate) => candidate.id === requested) : orgs[0];
  if (!org) throw new Response("Forbidden", { status: 403 });
  const candidates = await operatorCandidates(org.path);
  return {
    orgs: orgs.map((candidate) => ({ id: candidate.id, name: candidate.name, depth: candidate.path.split("/").filter(Boolean).length })),
    org: { id: org.id, name: org.name },
    candidates: candidates.map((person) => ({
      id: person.id,
      name: person.name,
      phone: person.phone,
      orgName: person.homeOrg?.name ?? "",
      outside: false,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const roots = manageableRoots(user);
  const submission = parseWithZod(await request.formData(), { schema: StationFormSchema });
  const named = typeof submission.payload.orgId === "string" ? submission.payload.orgId : "";
  // A station of an organization outside his subtrees is forbidden whatever else the form says.
  if (named && !(await organizationUnder(roots, named))) throw new Response("Forbidden", { status: 403 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await saveStation({ stationId: null, form: submission.value, roots, actorId: user.id });
  if (!outcome.ok) {
    return data(submission.reply({ fieldErrors: fieldErrorsFrom(outcome.problems, "station.manage.problems") }), { status: 400 });
  }
  return redirect(`/org/stations/${outcome.code}/edit?done=created`);
}

export default function NewStation() {
  const { orgs, org, candidates } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/org/stations">← {t("station.manage.back")}</Link>
      </p>
      <h1>{t("station.manage.newTitle")}</h1>
      <p>{t("station.manage.orgHelp")}</p>
      <OrgPicker
        id="station-org"
        orgs={orgs}
        current={org.id}
        label={t("station.manage.orgPicker")}
        submitLabel={t("station.manage.orgChoose")}
      />
      <StationForm
        // A new organization chosen is a new form: the people offered change with it.
        key={org.id}
        id={`station-new-${org.id}`}
        defaults={{ code: "", name: "", village: "", address: "", orgId: org.id, operatorIds: [], equipment: "", connectivity: "ONLINE" }}
        org={org}
        candidates={candidates}
        codeFixed={false}
        lastResult={lastResult}
        submitting={navigation.state === "submitting"}
        submitLabel={t("station.manage.create")}
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "添加站点 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
