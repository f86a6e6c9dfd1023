// 合并重复记录: an admin finds the other record of the same person (same name by
// default, or by name, phone or ID-card number), sees the two side by side and
// what the kept one would take, and confirms. Both records must be in his subtrees.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { mergeCandidates, mergePeople, mergePreview } from "~/models/people-merge.server.ts";
import { manageableRoots, requireHomeOrgPermission } from "~/utils/permissions.server.ts";
import { fieldErrorsFrom } from "~/utils/problems.ts";

const P = "people.merge.problems";

const MergeSchema = z.object({
  otherId: z.string({ required_error: `${P}.same-record` }),
  // Merging cannot be undone: the admin says he has checked that the two are one person.
  confirmed: z.boolean({ required_error: `${P}.confirm-missing` }).refine((checked) => checked, `${P}.confirm-missing`),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const personId = params.personId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const roots = manageableRoots(admin);
  const url = new URL(request.url);
  const search = url.searchParams.get("q") ?? "";
  const otherId = url.searchParams.get("with");
  const preview = otherId ? await mergePreview(personId, otherId, roots) : null;
  if (preview && !preview.kept.reachable) throw new Response("Forbidden", { status: 403 });
  return { personId, search, preview, candidates: preview ? [] : await mergeCandidates(personId, roots, search) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const personId = params.personId ?? "";
  const admin = await requireHomeOrgPermission(request, "org:manage", personId);
  const submission = parseWithZod(await request.formData(), { schema: MergeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await mergePeople({
    keptId: personId,
    otherId: submission.value.otherId,
    roots: manageableRoots(admin),
    actorId: admin.id,
  });
  if (!outcome.ok)
    return data(
      submission.reply({
        fieldErrors: fieldErrorsFrom(
          outcome.problems.map((problem) => ({ field: "", ...problem })),
          P,
        ),
      }),
      {
        status: 400,
      },
    );
  return redirect(`/org/people/${personId}?done=merged`);
}

export default function MergePeople() {
  const { personId, search, preview, candidates } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(MergeSchema, { lastResult, defaultValue: { otherId: preview?.other.id ?? "" } });
  const fieldName = (field: string) => t(`people.fields.${field}`);
  return (
    <>
      <p className="no-print">
        <Link to={`/org/people/${personId}`}>← {preview?.kept.name ?? t("people.title")}</Link>
      </p>
      <h1>{t("people.merge.title", { name: preview?.kept.name ?? "" })}</h1>
      <p className="muted" style={{ maxWidth: "44rem" }}>
        {t("people.merge.help")}
      </p>
      {preview ? (
        <section aria-labelledby="merge-compare">
          <h2 id="merge-compare">{t("people.merge.compare")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col"></th>
                <th scope="col">{t("people.merge.kept", { name: preview.kept.name })}</th>
                <th scope="col">{t("people.merge.other", { name: preview.other.name })}</th>
              </tr>
            </thead>
            <tbody>
              {compareRows(preview.kept, preview.other, t).map(([label, kept, other]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{kept}</td>
                  <td>{other}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.taken.length > 0 ? <p>{t("people.merge.taken", { fields: preview.taken.map(fieldName).join("、") })}</p> : null}
          {preview.differing.length > 0 ? (
            <p className="notice warn">{t("people.merge.differing", { fields: preview.differing.map(fieldName).join("、") })}</p>
          ) : null}
          {preview.other.hours > 0 ? <p>{t("people.merge.carried")}</p> : null}
          {preview.problems.length > 0 ? (
            <ul className="notice error" role="alert">
              {preview.problems.map((problem) => (
                <li key={problem.code}>{t(`${P}.${problem.code}`, problem.params)}</li>
              ))}
            </ul>
          ) : (
            <Form method="post" {...getFormProps(form)}>
              <input {...getInputProps(fields.otherId, { type: "hidden" })} />
              <ErrorList id={form.errorId} errors={form.errors} />
              <label className="option" htmlFor={fields.confirmed.id}>
                <input {...getInputProps(fields.confirmed, { type: "checkbox" })} />
                <span>{t("people.merge.confirm")}</span>
              </label>
              <ErrorList id={fields.confirmed.errorId} errors={fields.confirmed.errors} />
              <p>
                <button type="submit" disabled={navigation.state === "submitting"}>
                  {t("people.merge.submit")}
                </button>{" "}
                <Link to={`/org/people/${preview.other.id}/merge?with=${preview.kept.id}`}>{t("people.merge.swap")}</Link>
              </p>
            </Form>
          )}
        </section>
      ) : (
        <section aria-labelledby="merge-find">
          <h2 id="merge-find">{t("people.merge.find")}</h2>
          <Form method="get" role="search">
            <label htmlFor="merge-search">{t("people.merge.search")}</label>
            <input id="merge-search" name="q" defaultValue={search} /> <button type="submit">{t("people.find")}</button>
          </Form>
          {search ? null : <h3>{t("people.merge.sameName")}</h3>}
          {candidates.length === 0 ? (
            <p>{t("people.merge.none")}</p>
          ) : (
            <ul>
              {candidates.map((candidate) => (
                <li key={candidate.id}>
                  {candidate.name} · {candidate.orgName}
                  {candidate.phone ? ` · ${candidate.phone}` : ""}
                  {candidate.birthDate ? ` · ${candidate.birthDate}` : ""}
                  {candidate.deactivated ? t("people.deactivatedMark") : ""} ·{" "}
                  <Link to={`?with=${candidate.id}`} aria-label={`${t("people.merge.choose")}：${candidate.name}`}>
                    {t("people.merge.choose")}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}

type Side = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["preview"]>["kept"];

/** The facts an admin compares before he confirms: [what, kept record, other record]. */
function compareRows(kept: Side, other: Side, t: (key: string) => string): [string, string, string][] {
  const rows: [string, (side: Side) => string][] = [
    [t("people.merge.row.org"), (side) => side.homeOrg?.name ?? ""],
    [t("people.fields.phone"), (side) => side.phone ?? "—"],
    [t("people.fields.idCardNumber"), (side) => side.idCardMasked ?? "—"],
    [t("people.fields.birthDate"), (side) => side.birthDate?.slice(0, 10) ?? "—"],
    [t("people.merge.row.username"), (side) => side.username ?? "—"],
    [t("people.merge.row.stage"), (side) => t(`me.stageNames.${side.stage}`)],
    [t("people.merge.row.hours"), (side) => String(side.hours)],
    [t("people.merge.row.lessons"), (side) => String(side._count.lessonProgress)],
    [t("people.merge.row.attempts"), (side) => String(side._count.attempts)],
    [t("people.merge.row.milestones"), (side) => String(side._count.milestones)],
    [t("people.merge.row.stationVisits"), (side) => String(side._count.attendances + side._count.stationVisitorLinks)],
    [t("people.merge.row.roles"), (side) => String(side._count.roles)],
  ];
  return rows.map(([label, value]) => [label, value(kept), value(other)]);
}

export const meta: MetaFunction = () => [{ title: "合并重复记录 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
