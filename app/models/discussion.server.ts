// 讨论: answers to a lesson's prompt and the replies under them, read by
// classmates (home branch plus training class, decision 011). Bodies are stored
// as typed (Markdown) and rendered safe on the way out.
import { arrangeThreads, studyOrgIds } from "~/domain/discussion.ts";
import { renderPostMarkdown } from "~/domain/post-markdown.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";

export async function createPost(params: { lessonId: string; authorId: string; body: string; parentId?: string }) {
  const prisma = await getPrisma();
  return prisma.discussionPost.create({ data: params, select: { id: true } });
}

/** Whether the learner has already answered the lesson's prompt (his first post that is not a reply). */
export async function hasAnswered(lessonId: string, authorId: string): Promise<boolean> {
  const prisma = await getPrisma();
  return (await prisma.discussionPost.count({ where: { lessonId, authorId, parentId: null } })) > 0;
}

/** The organizations a person studies in: home branch and current training organizations. */
export async function studyOrgIdsOf(userId: string): Promise<string[]> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { homeOrgId: true, entrustedTraining: { select: { trainingOrgId: true, endedOn: true } } },
  });
  return user ? studyOrgIds(user.homeOrgId, user.entrustedTraining) : [];
}

/** The Prisma condition "the author studies in one of these organizations". */
function authorStudiesIn(orgIds: string[]) {
  return {
    OR: [{ homeOrgId: { in: orgIds } }, { entrustedTraining: { some: { endedOn: null, trainingOrgId: { in: orgIds } } } }],
  };
}

const MAX_ANSWERS = 100;
const MAX_REPLIES = 500;

/**
 * The lesson's discussion as the viewer reads it: his classmates' answers
 * (and his own), each with the replies beneath, bodies rendered safe. Hidden
 * posts only for their author, marked with the reason.
 */
export async function listDiscussion(lessonId: string, viewerId: string) {
  const prisma = await getPrisma();
  const orgIds = await studyOrgIdsOf(viewerId);
  const readable = {
    lessonId,
    OR: [{ authorId: viewerId }, { hiddenAt: null, author: authorStudiesIn(orgIds) }],
  };
  const select = {
    id: true,
    parentId: true,
    body: true,
    createdAt: true,
    hiddenAt: true,
    hiddenReason: true,
    author: { select: { id: true, name: true } },
  } as const;
  // The newest answers, shown oldest first.
  const answers = (
    await prisma.discussionPost.findMany({
      where: { ...readable, parentId: null },
      orderBy: { createdAt: "desc" },
      take: MAX_ANSWERS,
      select,
    })
  ).reverse();
  const replies = await prisma.discussionPost.findMany({
    where: { ...readable, parentId: { in: answers.map((answer) => answer.id) } },
    orderBy: { createdAt: "asc" },
    take: MAX_REPLIES,
    select,
  });
  const rows = [...answers, ...replies].map((row) => ({
    id: row.id,
    parentId: row.parentId,
    authorId: row.author.id,
    authorName: row.author.name,
    createdAt: row.createdAt.toISOString(),
    html: renderPostMarkdown(row.body),
    hidden: row.hiddenAt !== null,
    hiddenReason: row.hiddenAt !== null ? row.hiddenReason : null,
    own: row.author.id === viewerId,
  }));
  return arrangeThreads(rows, viewerId);
}

export type DiscussionThread = Awaited<ReturnType<typeof listDiscussion>>[number];

/** What a reply needs to know about the post it goes under. */
export async function getReplyTarget(postId: string) {
  const prisma = await getPrisma();
  const post = await prisma.discussionPost.findUnique({
    where: { id: postId },
    select: { lessonId: true, parentId: true, hiddenAt: true, authorId: true },
  });
  if (!post) return null;
  return {
    lessonId: post.lessonId,
    parentId: post.parentId,
    hidden: post.hiddenAt !== null,
    authorId: post.authorId,
    authorStudyOrgIds: await studyOrgIdsOf(post.authorId),
  };
}

/** A post as a moderator needs it: whose it is, and whether it is hidden already. */
export async function getPostForModeration(postId: string) {
  const prisma = await getPrisma();
  return prisma.discussionPost.findUnique({
    where: { id: postId },
    select: { id: true, lessonId: true, authorId: true, hiddenAt: true, author: { select: { homeOrgId: true } } },
  });
}

/**
 * Hides a post and records who, when, which post and why in the audit log, in
 * one transaction. False when it was already hidden (by someone else a moment
 * earlier): nothing is written then.
 */
export async function hidePost(params: {
  postId: string;
  moderatorId: string;
  reason: string;
  authorId: string;
  authorOrgId: string | null;
  lessonId: string;
}): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const hiddenAt = new Date();
    const { count } = await tx.discussionPost.updateMany({
      where: { id: params.postId, hiddenAt: null },
      data: { hiddenAt, hiddenById: params.moderatorId, hiddenReason: params.reason },
    });
    if (count === 0) return false;
    await recordAudit(
      {
        actorId: params.moderatorId,
        orgId: params.authorOrgId,
        action: "discussion.hide",
        entityType: "DiscussionPost",
        entityId: params.postId,
        details: { reason: params.reason, authorId: params.authorId, lessonId: params.lessonId, hiddenAt: hiddenAt.toISOString() },
      },
      tx,
    );
    return true;
  });
}

/** Recent answers and replies of learners in the moderator's subtrees (home or training organization), newest first. */
export async function listPostsForModeration(orgPaths: readonly string[], limit = 100) {
  if (orgPaths.length === 0) return [];
  const prisma = await getPrisma();
  const inSubtree = orgPaths.map((path) => ({ path: { startsWith: path } }));
  const rows = await prisma.discussionPost.findMany({
    where: {
      author: { OR: [{ homeOrg: { OR: inSubtree } }, { entrustedTraining: { some: { endedOn: null, trainingOrg: { OR: inSubtree } } } }] },
    },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      parentId: true,
      body: true,
      createdAt: true,
      hiddenAt: true,
      hiddenReason: true,
      author: { select: { id: true, name: true, homeOrg: { select: { name: true } } } },
      lesson: { select: { title: true, slug: true, course: { select: { title: true, slug: true } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    isReply: row.parentId !== null,
    html: renderPostMarkdown(row.body),
    createdAt: row.createdAt.toISOString(),
    hidden: row.hiddenAt ? { at: row.hiddenAt.toISOString(), reason: row.hiddenReason ?? "" } : null,
    author: { id: row.author.id, name: row.author.name, branch: row.author.homeOrg?.name ?? "" },
    lesson: { title: `${row.lesson.course.title} · ${row.lesson.title}`, path: `/courses/${row.lesson.course.slug}/${row.lesson.slug}` },
  }));
}
