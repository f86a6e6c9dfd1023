/*
  Warnings:

  - You are about to drop the column `operatorId` on the `Station` table. All the data in the column will be lost.

*/
-- CreateTable
CREATE TABLE "StationOperator" (
    "stationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("stationId", "userId"),
    CONSTRAINT "StationOperator_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "Station" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "StationOperator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Each station's single operator becomes its first operator (专人负责 may now be several people).
INSERT INTO "StationOperator" ("stationId", "userId") SELECT "id", "operatorId" FROM "Station" WHERE "operatorId" IS NOT NULL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Course" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "audienceJson" TEXT NOT NULL DEFAULT '[]',
    "category" TEXT NOT NULL DEFAULT 'THEORY',
    "department" TEXT NOT NULL DEFAULT '',
    "ownerOrgId" TEXT,
    "sharing" TEXT NOT NULL DEFAULT 'ALL',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Course_ownerOrgId_fkey" FOREIGN KEY ("ownerOrgId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Course" ("audienceJson", "contentHash", "createdAt", "id", "slug", "sortOrder", "summary", "title", "updatedAt") SELECT "audienceJson", "contentHash", "createdAt", "id", "slug", "sortOrder", "summary", "title", "updatedAt" FROM "Course";
DROP TABLE "Course";
ALTER TABLE "new_Course" RENAME TO "Course";
CREATE UNIQUE INDEX "Course_slug_key" ON "Course"("slug");
CREATE INDEX "Course_ownerOrgId_idx" ON "Course"("ownerOrgId");
CREATE TABLE "new_Lesson" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL,
    "category" TEXT,
    "audienceJson" TEXT,
    "department" TEXT,
    "spokenLanguage" TEXT NOT NULL DEFAULT 'zh-CN',
    "guideMarkdown" TEXT NOT NULL,
    "thinkingJson" TEXT NOT NULL,
    "videoFile" TEXT,
    "muxPlaybackId" TEXT,
    "subtitlesJson" TEXT NOT NULL DEFAULT '[]',
    "durationSeconds" INTEGER NOT NULL,
    "completionShare" REAL NOT NULL DEFAULT 0.9,
    "maxPlaybackRate" REAL NOT NULL DEFAULT 1.5,
    "pauseWhenHidden" BOOLEAN NOT NULL DEFAULT true,
    "noSeekingAhead" BOOLEAN NOT NULL DEFAULT false,
    "attentionCheckMinutes" REAL,
    "discussionPrompt" TEXT NOT NULL,
    "discussionMinLength" INTEGER NOT NULL DEFAULT 20,
    "passPercent" INTEGER NOT NULL,
    "questionsPerAttempt" INTEGER,
    "attemptLimit" INTEGER,
    "partialCredit" BOOLEAN NOT NULL DEFAULT false,
    "revealAnswers" TEXT NOT NULL DEFAULT 'ALWAYS',
    "classHours" REAL NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Lesson_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Lesson" ("attemptLimit", "attentionCheckMinutes", "classHours", "completionShare", "contentHash", "courseId", "createdAt", "discussionMinLength", "discussionPrompt", "durationSeconds", "guideMarkdown", "id", "maxPlaybackRate", "muxPlaybackId", "noSeekingAhead", "partialCredit", "passPercent", "pauseWhenHidden", "questionsPerAttempt", "revealAnswers", "slug", "sortOrder", "subtitlesJson", "thinkingJson", "title", "updatedAt", "videoFile") SELECT "attemptLimit", "attentionCheckMinutes", "classHours", "completionShare", "contentHash", "courseId", "createdAt", "discussionMinLength", "discussionPrompt", "durationSeconds", "guideMarkdown", "id", "maxPlaybackRate", "muxPlaybackId", "noSeekingAhead", "partialCredit", "passPercent", "pauseWhenHidden", "questionsPerAttempt", "revealAnswers", "slug", "sortOrder", "subtitlesJson", "thinkingJson", "title", "updatedAt", "videoFile" FROM "Lesson";
DROP TABLE "Lesson";
ALTER TABLE "new_Lesson" RENAME TO "Lesson";
CREATE UNIQUE INDEX "Lesson_courseId_slug_key" ON "Lesson"("courseId", "slug");
CREATE TABLE "new_Station" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "village" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "equipment" TEXT NOT NULL DEFAULT '',
    "connectivity" TEXT NOT NULL DEFAULT 'ONLINE',
    "scheduleJson" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "runningSessionClientId" TEXT,
    CONSTRAINT "Station_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Station" ("address", "code", "connectivity", "createdAt", "id", "name", "orgId", "runningSessionClientId", "scheduleJson", "updatedAt") SELECT "address", "code", "connectivity", "createdAt", "id", "name", "orgId", "runningSessionClientId", "scheduleJson", "updatedAt" FROM "Station";
DROP TABLE "Station";
ALTER TABLE "new_Station" RENAME TO "Station";
CREATE UNIQUE INDEX "Station_code_key" ON "Station"("code");
CREATE UNIQUE INDEX "Station_runningSessionClientId_key" ON "Station"("runningSessionClientId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StationOperator_userId_idx" ON "StationOperator"("userId");
