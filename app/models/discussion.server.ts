// 讨论: answers to a lesson's prompt, read by classmates of the same branch.
import { getPrisma } from "~/utils/db.server.ts";

export async function createPost(params: { lessonId: string; authorId: string; body: string; parentId?: string }) {
  const prisma = await getPrisma();
  return prisma.discussionPost.create({ data: params, select: { id: true } });
}

/** Visible posts of the lesson by people of the same home organization. */
export async function listClassmatePosts(lessonId: string, homeOrgId: string | null) {
  const prisma = await getPrisma();
  return prisma.discussionPost.findMany({
    where: { lessonId, hiddenAt: null, author: { homeOrgId } },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { id: true, body: true, createdAt: true, parentId: true, author: { select: { id: true, name: true } } },
  });
}
