// 讨论管理: a trainer or organization admin reads the recent discussion posts of
// learners in his part of the tree (home or training organization) and hides
// one with a reason. Who, when, which post and why go to the audit log; the
// author still sees his post, marked hidden, with the reason.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import { checkHideReason, DISCUSSION_LIMITS } from "~/domain/discussion.ts";
import { getPostForModeration, hidePost, listPostsForModeration } from "~/models/discussion.server.ts";
import { invariantResponse } from "~/utils/misc.ts";
import { permittedRoots, requireLearnerPermission, requirePermission } from "~/utils/permissions.server.ts";
import { beijingDateTime } from "~/domain/calendar.ts";
import { GeneralErrorBoundary } from "~/components/error-boundary.tsx";

// The reason's length is checked by the discussion rules, which hand it back with a clear message.
const HideSchema = z.object({
  intent: z.literal("hide"),
  postId: z.string().min(1).max(64),
  reason: z.string(),
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
  const form = await request.formData();
  const parsed = HideSchema.safeParse(Object.fromEntries(form));
  invariantResponse(parsed.success, "Bad request", 400);
  const { postId, reason } = parsed.data;

  const post = await getPostForModeration(postId);
  invariantResponse(post, "Post not found");
  // The author must be in the moderator's part of the tree (home or training organization).
  const moderator = await requireLearnerPermission(request, "discussion:moderate", post.authorId);
  if (post.hiddenAt) return { postId, problem: "already-hidden" as const, reason };
  const checked = checkHideReason(reason);
  if (!checked.ok) return { postId, ...checked, reason };

  const hidden = await hidePost({
    postId,
    moderatorId: moderator.id,
    reason: checked.text,
    authorId: post.authorId,
    authorOrgId: post.author.homeOrgId,
    lessonId: post.lessonId,
  });
  // Another moderator hid it a moment earlier.
  if (!hidden) return { postId, problem: "already-hidden" as const, reason };
  return redirect(`/org/discussions?hidden=${encodeURIComponent(postId)}#post-${postId}`);
}

export default function Discussions() {
  const { posts, hiddenId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("discussion.moderation.title")}</h1>
      <p className="muted">{t("discussion.moderation.intro")}</p>
      {posts.length === 0 ? <p className="muted">{t("discussion.moderation.none")}</p> : null}
      {posts.map((post) => {
        const failed = actionData?.postId === post.id ? actionData : null;
        return (
          <section key={post.id} id={`post-${post.id}`} className="card" data-testid="moderated-post">
            <p className="post-meta">
              <strong>{post.author.name}</strong> <span className="muted">{post.author.branch}</span>{" "}
              <span className="badge">{t(post.isReply ? "discussion.moderation.reply" : "discussion.moderation.answer")}</span>
            </p>
            <p className="muted">
              <Link to={post.lesson.path}>{post.lesson.title}</Link> · <time dateTime={post.createdAt}>{beijingDateTime(post.createdAt)}</time>
            </p>
            <div className="post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
            {post.hidden ? (
              <p className="notice warn" data-testid="hidden-notice">
                {hiddenId === post.id ? `${t("discussion.moderation.hidden")} ` : null}
                {t("discussion.moderation.hiddenAt", { time: beijingDateTime(post.hidden.at), reason: post.hidden.reason })}
              </p>
            ) : (
              <Form method="post" className="hide-form">
                <input type="hidden" name="postId" value={post.id} />
                <label htmlFor={`reason-${post.id}`}>{t("discussion.moderation.reason", { max: DISCUSSION_LIMITS.hideReasonMax })}</label>
                <input
                  id={`reason-${post.id}`}
                  name="reason"
                  required
                  maxLength={DISCUSSION_LIMITS.hideReasonMax}
                  defaultValue={failed?.reason ?? ""}
                  aria-invalid={failed ? true : undefined}
                />
                {failed ? (
                  <p className="form-error" role="alert">
                    {t(`discussion.moderation.errors.${failed.problem}`, { ...failed })}
                  </p>
                ) : null}
                <p>
                  <button type="submit" name="intent" value="hide" disabled={navigation.state === "submitting"}>
                    {t("discussion.moderation.hide")}
                  </button>
                </p>
              </Form>
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
