// 讨论环节: the learner's answer to the prompt, then his classmates' answers
// with a reply form under each. Plain forms: everything works without JavaScript.
// Post bodies arrive as HTML already rendered safe on the server (app/domain/post-markdown.ts).
import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useSchemaForm } from "~/components/forms.tsx";
import { z } from "zod";
import { DISCUSSION_LIMITS } from "~/domain/discussion.ts";
import { beijingDateTime } from "~/domain/calendar.ts";
import { ErrorList } from "./forms.tsx";

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

/** The discussion intents of the lesson page (members of its `intent` union). Lengths are the rules' to check (the minimum is the lesson's). */
export const AnswerSchema = z.object({
  intent: z.literal("post"),
  body: z.string({ required_error: "discussion.answerErrors.empty" }),
});

export const ReplySchema = z.object({
  intent: z.literal("reply"),
  parentId: z.string({ required_error: "discussion.replyErrors.target-gone" }).max(64, "discussion.replyErrors.target-gone"),
  body: z.string({ required_error: "discussion.replyErrors.empty" }),
});

type Reply = SubmissionResult<string[]> | undefined;

/** The last answer of the lesson page's action, if it was for this form (a reply: under this post). */
function resultFor(lastResult: Reply, intent: "post" | "reply", parentId?: string): Reply {
  const value = lastResult?.initialValue;
  if (!value || value.intent !== intent) return undefined;
  return parentId === undefined || value.parentId === parentId ? lastResult : undefined;
}

function PostHeader({ post }: { post: PostView }) {
  const { t } = useTranslation();
  return (
    <p className="post-meta">
      <strong>{post.authorName}</strong>
      {post.own ? <span className="muted">{t("discussion.you")}</span> : null}{" "}
      <time className="muted" dateTime={post.createdAt}>
        {beijingDateTime(post.createdAt)}
      </time>
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

function AnswerForm({ minLength, lastResult, submitting }: { minLength: number; lastResult: Reply; submitting: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(AnswerSchema, {
    id: "discussion-answer",
    lastResult,
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="post" />
      <label htmlFor={fields.body.id}>{t("lesson.yourAnswer")}</label>
      <textarea
        {...getTextareaProps(fields.body, { ariaDescribedBy: "discussion-hint" })}
        minLength={minLength}
        maxLength={DISCUSSION_LIMITS.answerMax}
      />
      <p id="discussion-hint" className="muted">
        {t("lesson.minLength", { count: minLength })}。{t("discussion.markdownHint")}
      </p>
      <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
      <button type="submit" disabled={submitting}>
        {t("lesson.post")}
      </button>
    </Form>
  );
}

function ReplyForm({ thread, lastResult, submitting }: { thread: DiscussionThreadView; lastResult: Reply; submitting: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(ReplySchema, {
    id: `reply-${thread.id}`,
    lastResult,
  });
  const failed = Boolean(lastResult && lastResult.status === "error");
  return (
    <details className="reply-form" open={failed ? true : undefined}>
      <summary>{t("discussion.reply")}</summary>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="reply" />
        <input type="hidden" name="parentId" value={thread.id} />
        <label htmlFor={fields.body.id}>{t("discussion.replyLabel", { name: thread.authorName })}</label>
        <textarea {...getTextareaProps(fields.body)} minLength={DISCUSSION_LIMITS.replyMin} maxLength={DISCUSSION_LIMITS.replyMax} />
        <p className="muted">{t("discussion.replyHint", { min: DISCUSSION_LIMITS.replyMin, max: DISCUSSION_LIMITS.replyMax })}</p>
        <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
        <ErrorList id={fields.parentId.errorId} errors={fields.parentId.errors} />
        <button type="submit" disabled={submitting}>
          {t("discussion.sendReply")}
        </button>
      </Form>
    </details>
  );
}

export function Discussion({
  prompt,
  minLength,
  answered,
  threads,
  lastResult,
  submitting,
}: {
  prompt: string;
  minLength: number;
  answered: boolean;
  threads: DiscussionThreadView[];
  /** The lesson page's last action answer (a Conform reply), whichever form it was for. */
  lastResult: Reply;
  submitting: boolean;
}) {
  const { t } = useTranslation();
  const replyResult = resultFor(lastResult, "reply");
  const replyParentId = typeof replyResult?.initialValue?.parentId === "string" ? replyResult.initialValue.parentId : null;
  const replyShown = answered && threads.some((thread) => thread.id === replyParentId && !thread.hidden);
  const orphanErrors =
    replyResult?.status === "error" && !replyShown ? Object.values(replyResult.error ?? {}).flatMap((errors) => errors ?? []) : [];
  return (
    <>
      <p>
        <strong>{t("lesson.discussionPrompt")}：</strong>
        {prompt}
      </p>
      {!answered ? <AnswerForm minLength={minLength} lastResult={resultFor(lastResult, "post")} submitting={submitting} /> : null}
      <h3>{t("discussion.classmates")}</h3>
      {threads.length === 0 ? <p className="muted">{t("lesson.noPosts")}</p> : null}
      {threads.map((thread) => (
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
            <ReplyForm thread={thread} lastResult={resultFor(lastResult, "reply", thread.id)} submitting={submitting} />
          ) : null}
        </article>
      ))}
      {orphanErrors.length > 0 ? (
        // No reply form to show it under (the post was hidden while he wrote, or he has not answered yet): keep his text here.
        <div className="notice warn">
          <ErrorList id="orphan-reply-error" errors={orphanErrors} />
          <textarea
            readOnly
            aria-label={t("discussion.yourReply")}
            value={typeof replyResult?.initialValue?.body === "string" ? replyResult.initialValue.body : ""}
          />
        </div>
      ) : null}
    </>
  );
}
