-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "closedAt" DATETIME;

-- CreateTable
CREATE TABLE "OrgTransfer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "fromOrgId" TEXT,
    "toOrgId" TEXT NOT NULL,
    "transferredOn" DATETIME NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrgTransfer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OrgTransfer_fromOrgId_fkey" FOREIGN KEY ("fromOrgId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "OrgTransfer_toOrgId_fkey" FOREIGN KEY ("toOrgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OrgTransfer_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT,
    "phone" TEXT,
    "name" TEXT NOT NULL,
    "gender" TEXT,
    "birthDate" DATETIME,
    "education" TEXT,
    "isRural" BOOLEAN NOT NULL DEFAULT false,
    "stage" TEXT NOT NULL DEFAULT 'NONE',
    "stageSince" DATETIME,
    "activistTier" TEXT,
    "homeOrgId" TEXT,
    "ethnicity" TEXT,
    "occupation" TEXT,
    "idCardNumber" TEXT,
    "deactivatedAt" DATETIME,
    "mergedIntoId" TEXT,
    "largeText" BOOLEAN NOT NULL DEFAULT false,
    "readAloud" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT NOT NULL DEFAULT 'zh-CN',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_homeOrgId_fkey" FOREIGN KEY ("homeOrgId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("activistTier", "birthDate", "createdAt", "education", "gender", "homeOrgId", "id", "isRural", "largeText", "locale", "name", "phone", "readAloud", "stage", "stageSince", "updatedAt", "username") SELECT "activistTier", "birthDate", "createdAt", "education", "gender", "homeOrgId", "id", "isRural", "largeText", "locale", "name", "phone", "readAloud", "stage", "stageSince", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE UNIQUE INDEX "User_phone_key" ON "User"("phone");
CREATE UNIQUE INDEX "User_idCardNumber_key" ON "User"("idCardNumber");
CREATE INDEX "User_homeOrgId_idx" ON "User"("homeOrgId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OrgTransfer_userId_idx" ON "OrgTransfer"("userId");
