// 片库管理: an organization admin sees the courses his organizations own and
// chooses whom each is shared with: his organization alone, it and the
// organizations below, or every organization. Each change is audited.
import { getFormProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { SHARINGS } from "~/domain/content/catalog.ts";
import { courseOwnedUnder, coursesOwnedUnder, setCourseSharing } from "~/models/library.server.ts";
import { manageableRoots, requirePermission } from "~/utils/permissions.server.ts";

export const SharingSchema = z.object({
  courseId: z.string().min(1),
  sharing: z.enum(SHARINGS, { errorMap: () => ({ message: "catalog.library.problems.sharing" }) }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const courses = await coursesOwnedUnder(manageableRoots(user));
  const done = new URL(request.url).searchParams.get("saved");
  return { courses, saved: courses.find((course) => course.id === done) ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "org:manage");
  const roots = manageableRoots(user);
  const submission = parseWithZod(await request.formData(), { schema: SharingSchema });
  const named = typeof submission.payload.courseId === "string" ? submission.payload.courseId : "";
  // A course his organizations do not own (or none at all) is not his to share, whatever else the form says.
  if (named && !(await courseOwnedUnder(roots, named))) throw new Response("Forbidden", { status: 403 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const changed = await setCourseSharing({ ...submission.value, roots, actorId: user.id });
  if (!changed) throw new Response("Forbidden", { status: 403 });
  return redirect(`/org/library?saved=${encodeURIComponent(submission.value.courseId)}`);
}

type OwnedCourse = ReturnType<typeof useLoaderData<typeof loader>>["courses"][number];

function SharingForm({ course, lastResult }: { course: OwnedCourse; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const mine = lastResult?.initialValue?.courseId === course.id ? lastResult : undefined;
  const [form, fields] = useSchemaForm(SharingSchema, {
    id: `sharing-${course.id}`,
    lastResult: mine,
    defaultValue: { courseId: course.id, sharing: course.sharing },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="inline-form">
      <input type="hidden" name={fields.courseId.name} value={course.id} />
      <label htmlFor={fields.sharing.id}>{t("catalog.library.sharingLabel")}</label>
      <select {...getSelectProps(fields.sharing)} key={course.sharing}>
        {SHARINGS.map((sharing) => (
          <option key={sharing} value={sharing}>
            {t(`catalog.sharing.${sharing}`)}
          </option>
        ))}
      </select>
      <button type="submit" disabled={navigation.state === "submitting"}>
        {t("catalog.library.save")}
      </button>
      <ErrorList id={fields.sharing.errorId} errors={fields.sharing.errors} />
    </Form>
  );
}

export default function LibraryPage() {
  const { courses, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("catalog.library.title")}</h1>
      <p>{t("catalog.library.help")}</p>
      <ul>
        {SHARINGS.map((sharing) => (
          <li key={sharing}>
            <strong>{t(`catalog.sharing.${sharing}`)}</strong>：{t(`catalog.library.explain.${sharing}`)}
          </li>
        ))}
      </ul>
      {saved ? (
        <p className="notice ok" role="status">
          {t("catalog.library.saved", { title: saved.title, sharing: t(`catalog.sharing.${saved.sharing}`) })}
        </p>
      ) : null}
      {courses.length === 0 ? (
        <p className="notice">{t("catalog.library.none")}</p>
      ) : (
        <table>
          <caption>{t("catalog.library.caption", { count: courses.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("catalog.library.columns.course")}</th>
              <th scope="col">{t("catalog.library.columns.owner")}</th>
              <th scope="col">{t("catalog.columns.department")}</th>
              <th scope="col">{t("catalog.library.columns.lessons")}</th>
              <th scope="col">{t("catalog.library.columns.sharing")}</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((course) => (
              <tr key={course.id}>
                <th scope="row">{course.title}</th>
                <td>{course.owner.name}</td>
                <td>{course.department}</td>
                <td>{course.lessonCount}</td>
                <td>
                  <SharingForm course={course} lastResult={lastResult} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <Link to="/courses">{t("catalog.library.toCatalog")}</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "片库管理 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
