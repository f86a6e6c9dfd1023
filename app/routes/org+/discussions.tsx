// 讨论管理: a trainer or organization admin reads the recent discussion posts of
// learners in his part of the tree (home or training organization) and hides
// one with a reason. Who, when, which post and why go to the audit log; the
// author still sees his post, marked hidden, with the reason.
import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data as withStatus, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, useSchemaForm } from "~/components/forms.tsx";
import { checkHideReason, DISCUSSION_LIMITS, textProblem } from "~/domain/discussion.ts";
import { getPostForModeration, hidePost, listPostsForModeration } from "~/models/discussion.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { permittedRoots, requireLearnerPermission, requirePermission } from "~/utils/permissions.server.ts";
import { beijingDateTime } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";
import { fieldErrorsFrom, type Problem } from "~/utils/problems.ts";

// The reason's length is checked by the discussion rules, which hand it back with a clear message.
const HideSchema = z.object({
  intent: z.literal("hide"),
  postId: z.string().min(1).max(64),
  reason: z.string({ required_error: "discussion.moderation.errors.empty" }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "discussion:moderate");
  return {
    posts: await listPostsForModeration(permittedRoots(user, "discussion:moderate")),
    hiddenId: new URL(request.url).searchParams.get("hidden"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "discussion:moderate");
  const submission = parseWithZod(await request.formData(), { schema: HideSchema });
  // A form of this page always sends which post: anything else is not a form of ours.
  invariantResponse(submission.status !== "error" || !submission.error?.postId, "Bad request", 400);
  const postId = String(submission.payload.postId);
  const post = await getPostForModeration(postId);
  invariantResponse(post, "Post not found");
  // The author must be in the moderator's part of the tree (home or training organization), before anything is said about the form.
  const moderator = await requireLearnerPermission(request, "discussion:moderate", post.authorId);
  if (submission.status !== "success") return withStatus(submission.reply(), { status: 400 });
  const { reason } = submission.value;
  const refuse = (problem: Problem) =>
    withStatus(submission.reply({ fieldErrors: fieldErrorsFrom([problem], "discussion.moderation.errors") }), { status: 400 });

  if (post.hiddenAt) return refuse({ field: "", code: "already-hidden" });
  const checked = checkHideReason(reason);
  if (!checked.ok) return refuse(textProblem("reason", checked));

  const hidden = await hidePost({
    postId,
    moderatorId: moderator.id,
    reason: checked.text,
    authorId: post.authorId,
    authorOrgId: post.author.homeOrgId,
    lessonId: post.lessonId,
  });
  // Another moderator hid it a moment earlier.
  if (!hidden) return refuse({ field: "", code: "already-hidden" });
  return redirect(`/org/discussions?hidden=${encodeURIComponent(postId)}#post-${postId}`);
}

/** 隐藏 one post, with a reason. The action's answer reaches only the form of the post it was about. */
function HideForm({ postId, lastResult }: { postId: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(HideSchema, {
    id: `hide-${postId}`,
    lastResult,
  });
  return (
    <Form method="post" className="hide-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="hide" />
      <input type="hidden" name="postId" value={postId} />
      <label htmlFor={fields.reason.id}>{t("discussion.moderation.reason", { max: DISCUSSION_LIMITS.hideReasonMax })}</label>
      <input {...getInputProps(fields.reason, { type: "text" })} maxLength={DISCUSSION_LIMITS.hideReasonMax} />
      <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <p>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("discussion.moderation.hide")}
        </button>
      </p>
    </Form>
  );
}

export default function Discussions() {
  const { posts, hiddenId } = useLoaderData<typeof loader>();
  // Typed by hand: a `data()` answer with a status loses its shape in Remix 2's inferred types.
  const lastResult = useActionData() as SubmissionResult<string[]> | undefined;
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("discussion.moderation.title")}</h1>
      <p className="muted">{t("discussion.moderation.intro")}</p>
      {posts.length === 0 ? <p className="muted">{t("discussion.moderation.none")}</p> : null}
      {posts.map((post) => {
        return (
          <section key={post.id} id={`post-${post.id}`} className="card" data-testid="moderated-post">
            <p className="post-meta">
              <strong>{post.author.name}</strong> <span className="muted">{post.author.branch}</span>{" "}
              <span className="badge">{t(post.isReply ? "discussion.moderation.reply" : "discussion.moderation.answer")}</span>
            </p>
            <p className="muted">
              <Link to={post.lesson.path}>{post.lesson.title}</Link> ·{" "}
              <time dateTime={post.createdAt}>{beijingDateTime(post.createdAt)}</time>
            </p>
            <div className="post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
            {post.hidden ? (
              <p className="notice warn" data-testid="hidden-notice">
                {hiddenId === post.id ? `${t("discussion.moderation.hidden")} ` : null}
                {t("discussion.moderation.hiddenAt", { time: beijingDateTime(post.hidden.at), reason: post.hidden.reason })}
              </p>
            ) : (
              <HideForm postId={post.id} lastResult={lastResult?.initialValue?.postId === post.id ? lastResult : undefined} />
            )}
          </section>
        );
      })}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "讨论管理 · 四环学习" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
