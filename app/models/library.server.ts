// 片库管理: the courses an organization owns and whom it shares them with
// (app/domain/content/catalog.ts visibleTo). Each change is audited.
import type { Sharing } from "~/domain/content/catalog.ts";
import { getPrisma } from "~/utils/db.server.ts";
import { recordAudit } from "./audit.server.ts";

const OWNED_COURSE_SELECT = {
  id: true,
  slug: true,
  title: true,
  sharing: true,
  department: true,
  ownerOrg: { select: { id: true, name: true, path: true } },
  _count: { select: { lessons: true } },
} as const;

function underRoots(roots: readonly string[]) {
  return { ownerOrg: { OR: roots.map((root) => ({ path: { startsWith: root } })) } };
}

/** The courses owned by an organization in one of the subtrees at `roots`, by owner then order. */
export async function coursesOwnedUnder(roots: readonly string[]) {
  if (roots.length === 0) return [];
  const prisma = await getPrisma();
  const courses = await prisma.course.findMany({
    where: underRoots(roots),
    orderBy: [{ ownerOrg: { path: "asc" } }, { sortOrder: "asc" }, { title: "asc" }],
    select: OWNED_COURSE_SELECT,
  });
  return courses.map(({ ownerOrg, _count, ...course }) => ({
    ...course,
    // Found by its owner, so it has one.
    owner: { id: ownerOrg!.id, name: ownerOrg!.name },
    lessonCount: _count.lessons,
  }));
}

/** Whether the course's owner lies in one of the subtrees at `roots`. */
export async function courseOwnedUnder(roots: readonly string[], courseId: string): Promise<boolean> {
  if (roots.length === 0 || !courseId) return false;
  const prisma = await getPrisma();
  return (await prisma.course.count({ where: { id: courseId, ...underRoots(roots) } })) > 0;
}

/**
 * Sets a course's sharing, if its owner lies in one of the subtrees at
 * `roots`; null when it does not (or there is no such course). The audit
 * entry is written with the change, under the owner organization.
 */
export async function setCourseSharing(input: { courseId: string; sharing: Sharing; roots: readonly string[]; actorId: string }) {
  if (input.roots.length === 0) return null;
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const course = await tx.course.findFirst({
      where: { id: input.courseId, ...underRoots(input.roots) },
      select: { id: true, slug: true, sharing: true, ownerOrgId: true },
    });
    if (!course) return null;
    if (course.sharing === input.sharing) return { changed: false };
    await tx.course.update({ where: { id: course.id }, data: { sharing: input.sharing }, select: { id: true } });
    await recordAudit(
      {
        actorId: input.actorId,
        orgId: course.ownerOrgId,
        action: "course.sharing",
        entityType: "Course",
        entityId: course.id,
        details: { slug: course.slug, from: course.sharing, to: input.sharing },
      },
      tx,
    );
    return { changed: true };
  });
}
