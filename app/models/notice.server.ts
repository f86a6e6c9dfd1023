// 公示 in the database: a public notice about one person's admission or
// conversion, with what the printed notice says about him.
import { isoDay } from "~/domain/calendar.ts";
import { getPrisma } from "~/utils/db.server.ts";

/** Who a notice is about (for the permission check before anything else is read). */
export async function noticeSubject(noticeId: string) {
  const prisma = await getPrisma();
  const notice = await prisma.publicNotice.findUnique({ where: { id: noticeId }, select: { userId: true } });
  return notice?.userId ?? null;
}

/** The notice as it is printed: its period, its text and the person's particulars. */
export async function printableNotice(noticeId: string) {
  const prisma = await getPrisma();
  const notice = await prisma.publicNotice.findUnique({
    where: { id: noticeId },
    select: { userId: true, purpose: true, body: true, startsOn: true, endsOn: true, createdAt: true, org: { select: { name: true } } },
  });
  if (!notice?.userId) return null;
  const person = await prisma.user.findUnique({
    where: { id: notice.userId },
    select: { id: true, name: true, gender: true, birthDate: true, education: true, homeOrg: { select: { name: true } } },
  });
  if (!person) return null;
  return {
    notice: {
      purpose: notice.purpose,
      body: notice.body,
      startsOn: isoDay(notice.startsOn),
      endsOn: isoDay(notice.endsOn),
      issuedOn: isoDay(notice.createdAt),
      org: notice.org.name,
    },
    person: {
      id: person.id,
      name: person.name,
      gender: person.gender,
      birthYear: person.birthDate?.getUTCFullYear() ?? null,
      education: person.education,
      branch: person.homeOrg?.name ?? "",
    },
  };
}
