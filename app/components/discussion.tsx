// 讨论环节: the learner's answer to the prompt, then his classmates' answers
// with a reply form under each. Plain forms: everything works without JavaScript.
// Post bodies arrive as HTML already rendered safe on the server (app/domain/post-markdown.ts).
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DISCUSSION_LIMITS } from "~/domain/discussion.ts";
import { beijingDateTime } from "~/domain/calendar.ts";

type PostView = {
  id: string;
  authorName: string;
  createdAt: string;
  html: string;
  hidden: boolean;
  hiddenReason: string | null;
  own: boolean;
};

export type DiscussionThreadView = PostView & { replies: PostView[] };

/** A refused answer or reply, handed back with the text as typed. */
export type DiscussionResult = {
  form: "answer" | "reply";
  parentId: string | null;
  problem: string;
  min?: number;
  max?: number;
  actual?: number;
  body: string;
};

function PostHeader({ post }: { post: PostView }) {
  const { t } = useTranslation();
  return (
    <p className="post-meta">
      <strong>{post.authorName}</strong>
      {post.own ? <span className="muted">{t("discussion.you")}</span> : null} <time className="muted" dateTime={post.createdAt}>{beijingDateTime(post.createdAt)}</time>
    </p>
  );
}

function HiddenNotice({ post }: { post: PostView }) {
  const { t } = useTranslation();
  if (!post.hidden) return null;
  return (
    <p className="notice warn" data-testid="hidden-notice">
      {t("discussion.hiddenOwn", { reason: post.hiddenReason ?? "" })}
    </p>
  );
}

export function Discussion({
  prompt,
  minLength,
  answered,
  threads,
  result,
  submitting,
}: {
  prompt: string;
  minLength: number;
  answered: boolean;
  threads: DiscussionThreadView[];
  result: DiscussionResult | null;
  submitting: boolean;
}) {
  const { t } = useTranslation();
  const answerResult = result?.form === "answer" ? result : null;
  const replyResult = result?.form === "reply" ? result : null;
  return (
    <>
      <p>
        <strong>{t("lesson.discussionPrompt")}：</strong>
        {prompt}
      </p>
      {!answered ? (
        <Form method="post">
          <label htmlFor="discussion-body">{t("lesson.yourAnswer")}</label>
          <textarea
            id="discussion-body"
            name="body"
            required
            minLength={minLength}
            maxLength={DISCUSSION_LIMITS.answerMax}
            defaultValue={answerResult?.body ?? ""}
            aria-invalid={answerResult ? true : undefined}
            aria-describedby="discussion-hint"
          />
          <p id="discussion-hint" className="muted">
            {t("lesson.minLength", { count: minLength })}。{t("discussion.markdownHint")}
          </p>
          {answerResult ? (
            <p className="form-error" role="alert">
              {t(`discussion.answerErrors.${answerResult.problem}`, { ...answerResult })}
            </p>
          ) : null}
          <button type="submit" name="intent" value="post" disabled={submitting}>
            {t("lesson.post")}
          </button>
        </Form>
      ) : null}
      <h3>{t("discussion.classmates")}</h3>
      {threads.length === 0 ? <p className="muted">{t("lesson.noPosts")}</p> : null}
      {threads.map((thread) => {
        const failed = replyResult?.parentId === thread.id ? replyResult : null;
        return (
          <article key={thread.id} id={`post-${thread.id}`} className="post" data-testid="discussion-post">
            <PostHeader post={thread} />
            <HiddenNotice post={thread} />
            <div className="post-body" dangerouslySetInnerHTML={{ __html: thread.html }} />
            {thread.replies.length > 0 ? (
              <ul className="replies" aria-label={t("discussion.repliesTo", { name: thread.authorName })}>
                {thread.replies.map((reply) => (
                  <li key={reply.id} id={`post-${reply.id}`} className="reply" data-testid="discussion-reply">
                    <PostHeader post={reply} />
                    <HiddenNotice post={reply} />
                    <div className="post-body" dangerouslySetInnerHTML={{ __html: reply.html }} />
                  </li>
                ))}
              </ul>
            ) : null}
            {answered && !thread.hidden ? (
              <details className="reply-form" open={failed ? true : undefined}>
                <summary>{t("discussion.reply")}</summary>
                <Form method="post">
                  <input type="hidden" name="parentId" value={thread.id} />
                  <label htmlFor={`reply-${thread.id}`}>{t("discussion.replyLabel", { name: thread.authorName })}</label>
                  <textarea
                    id={`reply-${thread.id}`}
                    name="body"
                    required
                    minLength={DISCUSSION_LIMITS.replyMin}
                    maxLength={DISCUSSION_LIMITS.replyMax}
                    defaultValue={failed?.body ?? ""}
                    aria-invalid={failed ? true : undefined}
                  />
                  <p className="muted">{t("discussion.replyHint", { min: DISCUSSION_LIMITS.replyMin, max: DISCUSSION_LIMITS.replyMax })}</p>
                  {failed ? (
                    <p className="form-error" role="alert">
                      {t(`discussion.replyErrors.${failed.problem}`, { ...failed })}
                    </p>
                  ) : null}
                  <button type="submit" name="intent" value="reply" disabled={submitting}>
                    {t("discussion.sendReply")}
                  </button>
                </Form>
              </details>
            ) : null}
          </article>
        );
      })}
      {replyResult && !(answered && threads.some((thread) => thread.id === replyResult.parentId && !thread.hidden)) ? (
        // No reply form to show it under (the post was hidden while he wrote, or he has not answered yet): keep his text here.
        <div className="notice warn" role="alert">
          <p>{t(`discussion.replyErrors.${replyResult.problem}`, { ...replyResult })}</p>
          <textarea readOnly aria-label={t("discussion.yourReply")} value={replyResult.body} />
        </div>
      ) : null}
    </>
  );
}
