-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PublicNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "userId" TEXT,
    "purpose" TEXT NOT NULL DEFAULT 'ADMISSION',
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "startsOn" DATETIME NOT NULL,
    "endsOn" DATETIME NOT NULL,
    "objections" INTEGER NOT NULL DEFAULT 0,
    "objectionsCleared" BOOLEAN NOT NULL DEFAULT false,
    "objectionNotes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PublicNotice_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PublicNotice" ("body", "createdAt", "endsOn", "id", "objectionNotes", "objections", "orgId", "startsOn", "title", "updatedAt", "userId") SELECT "body", "createdAt", "endsOn", "id", "objectionNotes", "objections", "orgId", "startsOn", "title", "updatedAt", "userId" FROM "PublicNotice";
DROP TABLE "PublicNotice";
ALTER TABLE "new_PublicNotice" RENAME TO "PublicNotice";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
